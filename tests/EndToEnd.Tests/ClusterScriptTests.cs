using System.Diagnostics;
using System.Net.Http.Json;
using Notifications.Testing;

namespace Notifications.EndToEnd.Tests;

/// <summary>README's local cluster in one command: <c>./cluster.sh</c> starts Redis and silos that are one service, and stops them.</summary>
public sealed class ClusterScriptTests
{
    [Fact]
    public async Task The_cluster_script_starts_two_silos_that_answer_as_one_service_and_stops_them()
    {
        var (httpPort, siloPort, gatewayPort) = (TwoFreePorts(), TwoFreePorts(), TwoFreePorts());
        var folder = Directory.CreateTempSubdirectory("cluster-");
        var environment = new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = folder.FullName,
            ["CLUSTER_REDIS_PORT"] = WebhookSink.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_HTTP_PORT"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_SILO_PORT"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLUSTER_GATEWAY_PORT"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        string started, stopped, afterwards;
        string message;
        try
        {
            started = await ClusterAsync(environment, "start", "2");
            using var first = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
            using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort + 1}/") };
            (await first.PutAsJsonAsync("/v1/users/cleo", new { language = "en" })).EnsureSuccessStatusCode();
            var sent = await first.SendNotificationAsync(new { user_id = "cleo", message = "Through the first door", channel = "log" });
            message = (await second.WaitForStatusAsync(sent, "delivered")).GetProperty("message").GetString()!;
        }
        finally
        {
            stopped = await ClusterAsync(environment, "stop");
            afterwards = await ClusterAsync(environment, "status");
            folder.Delete(recursive: true);
        }

        Assert.Contains($"silo http://127.0.0.1:{httpPort}/ ready", started);
        Assert.Contains($"silo http://127.0.0.1:{httpPort + 1}/ ready", started);
        Assert.Equal("Through the first door", message);
        Assert.Contains("stopped", stopped);
        Assert.DoesNotContain("ready", afterwards);
    }

    /// <summary>The first of two free ports in a row: the script gives silo i the base port + i - 1.</summary>
    private static int TwoFreePorts()
    {
        while (true)
        {
            var port = WebhookSink.FreePort();
            try
            {
                var next = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port + 1);
                next.Start();
                next.Stop();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }
    }

    private static async Task<string> ClusterAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root(), "cluster.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
    }
}
