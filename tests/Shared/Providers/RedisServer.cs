using System.Diagnostics;

namespace Notifications.Testing;

/// <summary>
/// A real Redis (Debian's redis-server, which test.sh installs) on a loopback port of its own, with an append-only file
/// synced at every write, as the service asks of a production Redis.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, int port, string directory)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The data folder, where the append-only file is.</summary>
    public string DataDirectory => _directory;

    public static async Task<RedisServer> StartAsync()
    {
        var port = WebhookSink.FreePort();
        var directory = Directory.CreateTempSubdirectory("redis-").FullName;
        var process = await ServerProcess.StartListeningAsync(
            "redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always"], port);
        return new RedisServer(process, port, directory);
    }

    private bool _stopped;

    /// <summary>Stops the server (as an outage would); disposing again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
