using System.Diagnostics;

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
        var process = await ServerProcess.StartListeningAsync(
            "node", [script, "--queueHost", "127.0.0.1", "--queuePort", $"{port}", "--inMemoryPersistence", "--skipApiVersionCheck", "--silent"], port);
        return new AzuriteServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
