using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// A send to many users, made a page at a time: a timer tick per page, so that between pages the send answers
/// reads and its reminder, and a durable reminder from the moment the send is stored until its last page is done,
/// so that a crash resumes it where its stored progress says. Pages are made only as fast as the delivery lanes
/// take them, so a million recipients never wait in memory at once.
/// </summary>
public abstract partial class FanOutGrain(DeliveryLanes lanes, IOptions<DeliveryOptions> options, ILogger logger) : Grain, IRemindable
{
    private const string ResumeReminder = "fan-out";

    private IGrainTimer? _fanOut;

    /// <summary>Whether there is a send here that is not done yet.</summary>
    protected abstract bool IsFanningOut { get; }

    /// <summary>Makes and stores the next page; true when it was the last, and the send is stored as completed.</summary>
    protected abstract Task<bool> FanOutNextPageAsync(CancellationToken cancellationToken);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!IsFanningOut)
        {
            await UnregisterResumeReminderAsync();
            return;
        }

        StartFanOut();
    }

    /// <summary>Stores the new send with <paramref name="save"/> and its reminder in one group commit, then starts it.</summary>
    protected async Task StartAsync(Task save)
    {
        var interval = options.Value.ResumeCheckInterval;
        await Task.WhenAll(save, RegisterOrUpdateReminder(ResumeReminder, interval, interval));
        StartFanOut();
    }

    private void StartFanOut() =>
        _fanOut ??= RegisterGrainTimer(FanOutPageAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(1)) { KeepAlive = true });

    private async Task FanOutPageAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (IsFanningOut)
            {
                await lanes.WaitForBacklogAsync(Timeout.InfiniteTimeSpan, cancellationToken);
                if (!await FanOutNextPageAsync(cancellationToken))
                {
                    return;
                }
            }

            await UnregisterResumeReminderAsync();
            StopFanOut();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What is in memory may be ahead of storage: the reminder resumes from the last page stored.
            LogFanOutFailed(logger, exception, GetPrimaryKeyString());
            StopFanOut();
            DeactivateOnIdle();
        }
    }

    private void StopFanOut()
    {
        _fanOut?.Dispose();
        _fanOut = null;
    }

    private async Task UnregisterResumeReminderAsync()
    {
        if (await GetReminder(ResumeReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Fan-out of send {SendId} stopped; its reminder will resume it")]
    private static partial void LogFanOutFailed(ILogger logger, Exception exception, string sendId);
}
