using Notifications.Storage;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace Notifications.Silo;

/// <summary>
/// After a new master key is put in, brings the states a shared backend holds under it: a state moves when its grain is
/// activated (<see cref="EncryptedGrainStorage"/> writes it back under that activation's own etag), so this pass
/// activates, for a moment, each grain whose state is still under a replaced key. One silo walks at a time (a lock that
/// lapses if it dies); the pass is recorded as done for the key only when every state moved, so the next start walks
/// nothing, or tries again.
/// </summary>
internal abstract partial class StateReencryptionWalk(
    IGrainStorage stored,
    AesGcmStateProtector protector,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    ILogger logger) : BackgroundService
{
    private const int StatesPerPage = 250;

    private const int ParallelGrains = 16;

    /// <summary>How long the lock holds without being renewed; it is renewed every quarter of that while the walk goes on.</summary>
    protected static readonly TimeSpan LockLapse = TimeSpan.FromMinutes(2);

    private long _lockRenewedAt;

    /// <summary>The backend's name, for the log.</summary>
    protected abstract string Backend { get; }

    protected AesGcmStateProtector Protector => protector;

    protected ILogger Logger => logger;

    /// <summary>Whether a pass under <paramref name="keyId"/> was completed.</summary>
    protected abstract Task<bool> IsDoneAsync(string keyId, CancellationToken cancellationToken);

    protected abstract Task MarkDoneAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Takes the lock for <see cref="LockLapse"/>, or answers false while another silo holds it.</summary>
    protected abstract Task<bool> TryLockAsync(CancellationToken cancellationToken);

    protected abstract Task RenewLockAsync(CancellationToken cancellationToken);

    protected abstract Task ReleaseLockAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The states the backend holds for this service that may be under a replaced key, as their grain and state name;
    /// one that is, but whose grain cannot be told, comes as null and counts as not moved. A long scan calls
    /// <see cref="KeepLockAsync"/> as it goes.
    /// </summary>
    protected abstract IAsyncEnumerable<(GrainId Grain, string StateName)?> StatesAsync(CancellationToken cancellationToken);

    /// <summary>Lets go of what the pass opened.</summary>
    protected virtual ValueTask CloseAsync() => ValueTask.CompletedTask;

    /// <summary>Renews the lock when a quarter of its lapse has gone by since it was taken or last renewed.</summary>
    protected async Task KeepLockAsync(CancellationToken cancellationToken)
    {
        if (System.Diagnostics.Stopwatch.GetElapsedTime(_lockRenewedAt) > LockLapse / 4)
        {
            await RenewLockAsync(cancellationToken);
            _lockRenewedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

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
            if (await IsDoneAsync(protector.CurrentKeyId, stoppingToken) || !await TryLockAsync(stoppingToken))
            {
                return;
            }

            _lockRenewedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var (moved, failed) = await WalkAsync(stoppingToken);
            if (failed == 0)
            {
                await MarkDoneAsync(protector.CurrentKeyId, stoppingToken);
                LogDone(logger, Backend, moved, protector.CurrentKeyId);
            }
            else
            {
                LogIncomplete(logger, Backend, moved, failed);
            }

            await ReleaseLockAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // States stay readable under the keys configured, and move as their grains are activated; the next start tries again.
            LogFailed(logger, exception, Backend);
        }
        finally
        {
            await CloseAsync();
        }
    }

    private async Task<(int Moved, int Failed)> WalkAsync(CancellationToken stoppingToken)
    {
        int moved = 0, failed = 0;
        var page = new List<(GrainId Grain, string StateName)>(StatesPerPage);
        async Task MoveAsync()
        {
            var (pageMoved, pageFailed) = await MovePageAsync(page, stoppingToken);
            (moved, failed) = (moved + pageMoved, failed + pageFailed);
            page.Clear();
        }

        await foreach (var state in StatesAsync(stoppingToken))
        {
            await KeepLockAsync(stoppingToken);
            if (state is not { } known)
            {
                failed++;
                continue;
            }

            page.Add(known);
            if (page.Count == StatesPerPage)
            {
                await MoveAsync();
            }
        }

        await MoveAsync();
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
                if (await IsUnderReplacedKeyAsync(grainId, stateName))
                {
                    await grains.GetGrain(grainId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
                    // Moved only if it is: a grain active since before the new key (on a silo not yet restarted with
                    // it), or one that no longer loads this state, leaves it where it was, and the pass is not done.
                    if (await IsUnderReplacedKeyAsync(grainId, stateName))
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

    private async Task<bool> IsUnderReplacedKeyAsync(GrainId grainId, string stateName)
    {
        var state = new GrainState<ProtectedState>(new ProtectedState());
        await stored.ReadStateAsync(stateName, grainId, state);
        return state is { RecordExists: true, State.Data: { Length: > 0 } data } && protector.NeedsNewKey(data);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every state in {Backend} is under the state key {KeyId}: {Count} moved by activating their grains; keys it replaced can be removed once no link or retry made under them is wanted")]
    private static partial void LogDone(ILogger logger, string backend, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving the states in {Backend} under the current key: {Moved} moved, {Failed} could not be; the next start tries again")]
    private static partial void LogIncomplete(ILogger logger, string backend, int moved, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of {GrainId} is still under a replaced key after its grain was activated (active since before the new key, or no longer loading it)")]
    private static partial void LogNotMoved(ILogger logger, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move the state of {GrainId} under the current key")]
    private static partial void LogGrainFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving the states in {Backend} under the current key failed; the next start tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string backend);
}
