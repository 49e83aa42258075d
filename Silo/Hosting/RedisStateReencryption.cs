using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Notifications.Storage;
using Orleans.Configuration;
using Orleans.Storage;
using StackExchange.Redis;

namespace Notifications.Silo;

/// <summary>
/// The walk of <see cref="StateReencryptionWalk"/> over Redis: the states are the keys <c>{serviceId}/state/{grain}/{state}</c>
/// (Orleans' Redis storage), found by SCAN on every primary (a key that names no grain is not a state, and is passed
/// over); the lock and the done mark are keys of their own.
/// </summary>
internal sealed class RedisStateReencryption(
    ConfigurationOptions redis,
    [FromKeyedServices(SiloServiceCollectionExtensions.RedisStorageName)] IGrainStorage stored,
    AesGcmStateProtector protector,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    IHostApplicationLifetime lifetime,
    ILogger<RedisStateReencryption> logger) : StateReencryptionWalk(stored, protector, grains, lifetime, logger)
{
    private const int KeysPerScan = 250;

    private ConnectionMultiplexer? _connection;

    protected override string Backend => "Redis";

    private string StatePrefix => $"{cluster.Value.ServiceId}/state/";

    private string DoneKey => $"{cluster.Value.ServiceId}/meta/state-key-id";

    private string LockKey => $"{cluster.Value.ServiceId}/meta/state-reencryption";

    private async Task<IDatabase> DatabaseAsync() => (_connection ??= await ConnectionMultiplexer.ConnectAsync(redis.Clone())).GetDatabase();

    protected override async Task<bool> IsDoneAsync(string keyId, CancellationToken cancellationToken) =>
        await (await DatabaseAsync()).StringGetAsync(DoneKey) == keyId;

    protected override async Task MarkDoneAsync(string keyId, CancellationToken cancellationToken) =>
        await (await DatabaseAsync()).StringSetAsync(DoneKey, keyId);

    protected override async Task<bool> TryLockAsync(CancellationToken cancellationToken) =>
        await (await DatabaseAsync()).StringSetAsync(LockKey, Environment.MachineName, LockLapse, When.NotExists);

    protected override async Task RenewLockAsync(CancellationToken cancellationToken) =>
        await (await DatabaseAsync()).KeyExpireAsync(LockKey, LockLapse);

    protected override async Task ReleaseLockAsync(CancellationToken cancellationToken) =>
        await (await DatabaseAsync()).KeyDeleteAsync(LockKey);

    protected override async IAsyncEnumerable<(GrainId Grain, string StateName)?> StatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        foreach (var server in _connection!.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database.Database, $"{StatePrefix}*", KeysPerScan).WithCancellation(cancellationToken))
            {
                // The provider's key: the prefix, the grain id, a slash and the state's name.
                var grainAndState = ((string)key!)[StatePrefix.Length..];
                var slash = grainAndState.LastIndexOf('/');
                if (slash > 0 && GrainId.TryParse(grainAndState[..slash], out var grainId))
                {
                    yield return (grainId, grainAndState[(slash + 1)..]);
                }
            }
        }
    }

    protected override async ValueTask CloseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
