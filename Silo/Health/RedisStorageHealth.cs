using Notifications.Storage;
using StackExchange.Redis;

namespace Notifications.Silo;

/// <summary>Whether the Redis that holds the cluster's state answers a PING, over a connection of its own.</summary>
internal sealed class RedisStorageHealth(ConfigurationOptions options) : IStorageHealth, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        var connection = _connection ?? await ConnectAsync();
        await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        return true;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        await _connecting.WaitAsync();
        try
        {
            // Reconnects by itself once made; a first connection that fails is tried again at the next check.
            var settings = options.Clone();
            settings.AbortOnConnectFail = false;
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(settings);
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }
}
