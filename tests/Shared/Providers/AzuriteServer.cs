using System.Diagnostics;
using System.Net.Sockets;

namespace Notifications.Testing;

/// <summary>
/// Microsoft's Azure Storage emulator (azurite, installed into tools/ by test.sh): its queue service on a loopback
/// port of its own, in memory, for the Azure Queue stream provider.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account and key, the same for every emulator (public, not a secret).</summary>
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteServer(Process process, int queuePort)
    {
        _process = process;
        QueuePort = queuePort;
    }

    public int QueuePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};QueueEndpoint=http://127.0.0.1:{QueuePort}/{DevelopmentAccount};";

    public static async Task<AzuriteServer> StartQueuesAsync()
    {
        var script = RepositoryPaths.ToolScript("azurite", "dist", "src", "queue", "main.js");
        var port = WebhookSink.FreePort();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[script, "--queueHost", "127.0.0.1", "--queuePort", $"{port}", "--inMemoryPersistence", "--skipApiVersionCheck", "--silent"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return !process.HasExited && false;
            }
        }, "azurite's queue service to listen");
        return new AzuriteServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
