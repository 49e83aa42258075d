using System.Diagnostics;

namespace Notifications.Testing;

/// <summary>
/// Microsoft's Azure Storage emulator (azurite, installed into tools/ by test.sh) on loopback ports of its own: the
/// queue service alone, in memory, for the Azure Queue stream provider, or queues and tables kept in a folder, for
/// the azure storage provider.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account and key, the same for every emulator (public, not a secret).</summary>
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteServer(Process process, int queuePort, int? tablePort = null, string? dataDirectory = null)
    {
        _process = process;
        QueuePort = queuePort;
        TablePort = tablePort;
        DataDirectory = dataDirectory;
    }

    public int QueuePort { get; }

    public int? TablePort { get; }

    /// <summary>Where it keeps what it stores, when it keeps it on disk.</summary>
    public string? DataDirectory { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};QueueEndpoint=http://127.0.0.1:{QueuePort}/{DevelopmentAccount};"
        + (TablePort is { } table ? $"TableEndpoint=http://127.0.0.1:{table}/{DevelopmentAccount};" : "");

    /// <summary>Queues and tables, kept in <paramref name="dataDirectory"/>.</summary>
    public static async Task<AzuriteServer> StartAsync(string dataDirectory)
    {
        var script = RepositoryPaths.ToolScript("azurite", "dist", "src", "azurite.js");
        var (blob, queue, table) = (WebhookSink.FreePort(), WebhookSink.FreePort(), WebhookSink.FreePort());
        var process = await ServerProcess.StartListeningAsync("node",
        [
            script, "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--location", dataDirectory, "--skipApiVersionCheck", "--silent",
        ], table);
        return new AzuriteServer(process, queue, table, dataDirectory);
    }

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
