using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Notifications.Storage;
using Orleans.Core.Internal;
using Orleans.Storage;
using StackExchange.Redis;

namespace Notifications.Silo;

/// <summary>
/// After a new master key is put in, brings the states Redis holds under it: a state moves when its grain is activated
/// (<see cref="EncryptedGrainStorage"/> writes it back), so this pass activates, for a moment, each grain whose state
/// is still under a replaced key, and the activation does the rest under its own etag. One silo walks at a time (a
/// lock key that lapses if it dies); the pass is recorded as done for the key, so the next start walks nothing.
/// </summary>
internal sealed partial class RedisStateReencryption(
    ConfigurationOptions redis,
    [FromKeyedServices(SiloServiceCollectionExtensions.RedisStorageName)] IGrainStorage stored,
    AesGcmStateProtector protector,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    IHostApplicationLifetime lifetime,
    ILogger<RedisStateReencryption> logger) : BackgroundService
{
    private const int KeysPerPage = 250;

    private const int ParallelGrains = 16;

    private static readonly TimeSpan LockLapse = TimeSpan.FromMinutes(2);

    private string StatePrefix => $"{cluster.Value.ServiceId}/state/";

    private string DoneKey => $"{cluster.Value.ServiceId}/meta/state-key-id";

    private string LockKey => $"{cluster.Value.ServiceId}/meta/state-reencryption";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Clone());
            var database = connection.GetDatabase();
            if (await database.StringGetAsync(DoneKey) == protector.CurrentKeyId
                || !await database.StringSetAsync(LockKey, Environment.MachineName, LockLapse, When.NotExists))
            {
                return;
            }

            var (moved, failed) = await WalkAsync(connection, database, stoppingToken);
            if (failed == 0)
            {
                await database.StringSetAsync(DoneKey, protector.CurrentKeyId);
                LogDone(logger, moved, protector.CurrentKeyId);
            }
            else
            {
                LogIncomplete(logger, moved, failed);
            }

            await database.KeyDeleteAsync(LockKey);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // States stay readable under the keys configured, and move as their grains are activated; the next start tries again.
            LogFailed(logger, exception);
        }
    }

    private async Task<(int Moved, int Failed)> WalkAsync(ConnectionMultiplexer connection, IDatabase database, CancellationToken stoppingToken)
    {
        int moved = 0, failed = 0;
        foreach (var server in connection.GetServers().Where(server => !server.IsReplica))
        {
            var page = new List<(GrainId Grain, string StateName)>(KeysPerPage);
            await foreach (var key in server.KeysAsync(database.Database, $"{StatePrefix}*", KeysPerPage).WithCancellation(stoppingToken))
            {
                // The provider's key: the prefix, the grain id, a slash and the state's name.
                var grainAndState = ((string)key!)[StatePrefix.Length..];
                var slash = grainAndState.LastIndexOf('/');
                if (slash > 0 && GrainId.TryParse(grainAndState[..slash], out var grainId))
                {
                    page.Add((grainId, grainAndState[(slash + 1)..]));
                }

                if (page.Count == KeysPerPage)
                {
                    var (pageMoved, pageFailed) = await MovePageAsync(page, stoppingToken);
                    (moved, failed) = (moved + pageMoved, failed + pageFailed);
                    page.Clear();
                    await database.KeyExpireAsync(LockKey, LockLapse);
                }
            }

            var (lastMoved, lastFailed) = await MovePageAsync(page, stoppingToken);
            (moved, failed) = (moved + lastMoved, failed + lastFailed);
        }

        return (moved, failed);
    }

    /// <summary>Activates each grain of the page whose state is under a replaced key, and lets it go again at once.</summary>
    private async Task<(int Moved, int Failed)> MovePageAsync(List<(GrainId Grain, string StateName)> page, CancellationToken stoppingToken)
    {
        int moved = 0, failed = 0;
        await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = ParallelGrains, CancellationToken = stoppingToken }, async (entry, _) =>
        {
            var (grainId, stateName) = entry;
            try
            {
                var state = new GrainState<ProtectedState>(new ProtectedState());
                await stored.ReadStateAsync(stateName, grainId, state);
                if (state is { RecordExists: true, State.Data: { Length: > 0 } data } && protector.NeedsNewKey(data))
                {
                    await grains.GetGrain(grainId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
                    // Moved only if it is: a grain active since before the new key (on a silo not yet restarted with
                    // it), or one that no longer loads this state, leaves it where it was, and the pass is not done.
                    var after = new GrainState<ProtectedState>(new ProtectedState());
                    await stored.ReadStateAsync(stateName, grainId, after);
                    if (after is { RecordExists: true, State.Data: { Length: > 0 } still } && protector.NeedsNewKey(still))
                    {
                        Interlocked.Increment(ref failed);
                        LogNotMoved(logger, grainId);
                    }
                    else
                    {
                        Interlocked.Increment(ref moved);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                LogGrainFailed(logger, exception, grainId);
            }
        });
        return (moved, failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every state in Redis is under the state key {KeyId}: {Count} moved by activating their grains; keys it replaced can be removed once no link or retry made under them is wanted")]
    private static partial void LogDone(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving the states in Redis under the current key: {Moved} moved, {Failed} could not be; the next start tries again")]
    private static partial void LogIncomplete(ILogger logger, int moved, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of {GrainId} is still under a replaced key after its grain was activated (active since before the new key, or no longer loading it)")]
    private static partial void LogNotMoved(ILogger logger, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move the state of {GrainId} under the current key")]
    private static partial void LogGrainFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving the states in Redis under the current key failed; the next start tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
