using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Brings a store written before the directory grains existed up to date, once: lists every stored user in their
/// tenant's directory, every topic in its tenant's, and every notification and fan-out page among its users' records,
/// so that audiences, the topic list, export and erasure find what was stored before. Only a store that can list its
/// keys (SQLite) can hold such data; the work resumes where a restart cut it off, and a new store walks nothing.
/// </summary>
internal sealed partial class DirectoryBackfill(
    IGrainKeyCatalog catalog,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    ILogger<DirectoryBackfill> logger) : BackgroundService
{
    public const string MigrationName = "directories-v1";

    private const int KeysPerPage = 500;

    private const int ParallelGrains = 32;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private static readonly (string GrainType, string StateName, Func<IGrainFactory, string, Task> Bring)[] Steps =
    [
        (UserGrain.GrainTypeName, UserGrain.StateName, (grains, key) => grains.GetGrain<IUserGrain>(key).EnsureListedAsync()),
        (TopicGrain.GrainTypeName, TopicGrain.StateName, (grains, key) => grains.GetGrain<ITopicGrain>(key).EnsureListedAsync()),
        (NotificationGrain.GrainTypeName, NotificationGrainState.Name, (grains, key) => grains.GetGrain<INotificationGrain>(key).EnsureRecordedAsync()),
        (FanOutPageGrain.GrainTypeName, FanOutPageGrainState.Name, (grains, key) => grains.GetGrain<IFanOutPageGrain>(key).EnsureRecordedAsync()),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grains answer once the silo has started, which is part of the host's start.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BackfillAsync(stoppingToken);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The service runs on without it (only data stored before the directories is missing from them); try again.
                LogFailed(logger, exception, RetryAfter);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task BackfillAsync(CancellationToken stoppingToken)
    {
        var migration = grains.GetGrain<IMigrationProgressGrain>(MigrationName);
        var progress = await migration.GetAsync();
        if (progress.Done)
        {
            return;
        }

        long brought = 0;
        for (var step = progress.Step; step < Steps.Length; step++)
        {
            var (grainType, stateName, bring) = Steps[step];
            var after = step == progress.Step ? progress.AfterKey : null;
            while (true)
            {
                var keys = await catalog.ListKeysAsync(grainType, stateName, "", after, KeysPerPage, stoppingToken);
                await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = ParallelGrains, CancellationToken = stoppingToken },
                    async (key, _) => await bring(grains, key));
                brought += keys.Count;
                if (keys.Count < KeysPerPage)
                {
                    break;
                }

                after = keys[^1];
                await migration.SaveAsync(new MigrationProgress(step, after, Done: false));
            }

            await migration.SaveAsync(new MigrationProgress(step + 1, null, Done: false));
        }

        await migration.SaveAsync(new MigrationProgress(Steps.Length, null, Done: true));
        LogDone(logger, brought);
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "The directories are up to date with the store: {Count} stored grains walked once")]
    private static partial void LogDone(ILogger logger, long count);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Bringing the directories up to date with the store failed; trying again in {RetryAfter}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan retryAfter);
}
