using System.Diagnostics;
using System.Text;
using Notifications.Testing;

namespace Notifications.EndToEnd.Tests;

/// <summary>The built silo run as its own process, as a user runs it, over a data folder the test keeps.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet", [SiloAssembly(), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Silos of tests running side by side, and a silo restarted while the killed one's ports linger, each get ports of their own.
        start.Environment["Notifications__Orleans__SiloPort"] = WebhookSink.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Notifications__Orleans__GatewayPort"] = WebhookSink.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The tests' receivers listen on loopback, over plain http.
        start.Environment["Notifications__Outbound__AllowLoopback"] = "true";
        start.Environment["Notifications__Outbound__AllowHttp"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var silo = new SiloProcess(process, port);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {process.ExitCode}:\n{silo.Output}");
            }

            try
            {
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode)
                {
                    return silo;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        silo.Kill();
        throw new TimeoutException($"The silo did not become ready:\n{silo.Output}");
    }

    /// <summary>SIGKILL: no graceful stop, nothing flushed that was not already durable.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM: the graceful stop a rolling restart makes; waits until the process has left.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The folder of the clone the tests run from.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Notifications.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Notifications.Orleans.sln was not found above the test's folder.");
    }

    private static string SiloAssembly()
    {

#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(RepositoryRoot(), "Silo", "bin", configuration, "net10.0", "Notifications.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the silo first.", path);
    }
}
