using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Work over many pages (a send to a topic's subscribers or an audience, a topic's deletion), done a page at a time: a
/// timer tick per page, so that between pages the grain answers reads and its reminder, and a durable reminder from
/// the moment the work is stored until its last page is done, so that a crash resumes it where its stored progress
/// says.
/// </summary>
/// <param name="reminderName">The reminder that keeps the work going, named for what it does.</param>
public abstract partial class PagedJobGrain(string reminderName, IOptions<DeliveryOptions> options, ILogger logger) : Grain, IRemindable
{
    private IGrainTimer? _job;

    /// <summary>Whether there is work here that is not done yet.</summary>
    protected abstract bool IsRunning { get; }

    /// <summary>Does and stores the next page; true when it was the last, and the work is stored as done.</summary>
    protected abstract Task<bool> RunNextPageAsync(CancellationToken cancellationToken);

    /// <summary>Lists the work, done, for removal at the end of its tenant's retention; nothing when there is no work stored.</summary>
    protected abstract Task ListForRemovalAsync();

    /// <summary>
    /// How long until the work may begin (a send for later): until then it is its stored state and its reminder, due
    /// then, and its first page is not read before.
    /// </summary>
    protected virtual TimeSpan UntilStart => TimeSpan.Zero;

    public async Task ReceiveReminder(string name, TickStatus status)
    {
        if (!IsRunning)
        {
            // Done: listed (again, should a crash have come between) before the reminder goes.
            await ListForRemovalAsync();
            await UnregisterResumeReminderAsync();
            return;
        }

        StartJob();
    }

    /// <summary>
    /// Registers the reminder that resumes the work (due at its start, if that is later), then stores the work with
    /// <paramref name="save"/>, then starts it: in that order a crash can leave a reminder with no work (it finds
    /// nothing to do and goes), never work that nothing would resume.
    /// </summary>
    protected async Task StartAsync(Func<Task> save)
    {
        var interval = options.Value.ResumeCheckInterval;
        var wait = UntilStart;
        await this.RegisterOrUpdateReminder(reminderName, wait > interval ? wait : interval, interval);
        await save();
        StartJob();
    }

    /// <summary>
    /// For a repeat of the request that started the work: work stored without its reminder (by a build that wrote
    /// the two in the other order) is resumed by the repeat.
    /// </summary>
    protected async Task EnsureRunningAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        if (await this.GetReminder(reminderName) is null)
        {
            var interval = options.Value.ResumeCheckInterval;
            await this.RegisterOrUpdateReminder(reminderName, interval, interval);
        }

        StartJob();
    }

    private void StartJob()
    {
        var wait = UntilStart;
        if (_job is not null || wait >= options.Value.ResumeCheckInterval)
        {
            // Far off: the reminder, due at the start, brings the work back then.
            return;
        }

        _job = this.RegisterGrainTimer(RunPageAsync, new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, TimeSpan.FromMilliseconds(1)) { KeepAlive = true });
    }

    private async Task RunPageAsync(CancellationToken cancellationToken)
    {
        if (UntilStart > TimeSpan.Zero)
        {
            // A timer may come a moment early.
            return;
        }

        try
        {
            if (IsRunning && !await RunNextPageAsync(cancellationToken))
            {
                return;
            }

            await ListForRemovalAsync();
            await UnregisterResumeReminderAsync();
            StopJob();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What is in memory may be ahead of storage: the reminder resumes from the last page stored.
            LogJobFailed(logger, exception, this.GetGrainId().ToString());
            StopJob();
            DeactivateOnIdle();
        }
    }

    private void StopJob()
    {
        _job?.Dispose();
        _job = null;
    }

    private async Task UnregisterResumeReminderAsync()
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Paged work of {GrainId} stopped; its reminder will resume it")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string grainId);
}
