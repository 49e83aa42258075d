using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// The index of one tenant's dead letters. The notifications themselves hold the truth: an entry whose notification
/// was replayed is dropped when it is replayed, and a replay of a stale entry finds the notification and says so.
/// The index keeps the latest <see cref="MaxKept"/>: a tenant whose sends all fail must not grow one state without
/// end. An entry dropped for that leaves its notification dead-lettered, still replayable by its id.
/// The tenant's dead-letter rate alert is raised here as an entry comes in, and resolved by a reminder that stays
/// registered while it is raised.
/// </summary>
public sealed partial class DeadLetterGrain(
    [PersistentState("dead-letters")] IPersistentState<DeadLetterGrainState> index,
    AlertNotices notices,
    IOptions<AlertOptions> options,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    Microsoft.Extensions.Logging.ILogger<DeadLetterGrain> logger) : Grain, IDeadLetterGrain, IRemindable
{
    public const int MaxKept = 1_000;

    private const string RateReminder = "dead-letter-rate";

    public async Task AddAsync(DeadLetter deadLetter)
    {
        if (index.State.Items.Any(d => d.NotificationId == deadLetter.NotificationId))
        {
            return;
        }

        index.State.Items.Add(deadLetter);
        if (index.State.Items.Count > MaxKept)
        {
            index.State.Items.RemoveRange(0, index.State.Items.Count - MaxKept);
        }

        // Dead letters go with their notifications, at the end of the tenant's retention.
        var cutoff = time.GetUtcNow() - await RetentionJournal.RetentionOfAsync(GrainFactory, this.GetPrimaryKeyString(), retention.Value);
        index.State.Items.RemoveAll(d => d.At < cutoff);

        await index.WriteStateAsync();
        await CheckRateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await CheckRateAsync();
        if (index.State.RateAlert is null && await this.GetReminder(RateReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// Raises the tenant's dead-letter rate alert, or resolves it. The alert is stored before it is told and told
    /// again until it is, under the same id; nothing here fails the dead letter that came in.
    /// </summary>
    private async Task CheckRateAsync()
    {
        var (threshold, window) = (options.Value.DeadLetters, options.Value.DeadLetterWindow);
        var now = time.GetUtcNow();
        var recent = index.State.Items.Count(d => d.At >= now - window);
        var tenant = this.GetPrimaryKeyString();
        var over = threshold > 0 && recent >= threshold;
        try
        {
            if (over && index.State.RateAlert is null)
            {
                // The reminder first, so the alert is always resolved.
                await this.RegisterOrUpdateReminder(RateReminder, window / 5, window / 5);
                index.State.RateAlert = new ActiveAlert(ActiveAlert.NewId(), AlertKinds.DeadLetterRate, tenant,
                    $"{recent} notifications were dead-lettered in the last {window.TotalMinutes:0.#} minutes (the threshold is {threshold}).", now);
                index.State.RateAlertTold = false;
                await index.WriteStateAsync();
            }

            if (index.State.RateAlert is not { } alert)
            {
                return;
            }

            if (!index.State.RateAlertTold && await notices.TryTellAsync(tenant, alert, resolved: false, now))
            {
                index.State.RateAlertTold = true;
                await index.WriteStateAsync();
            }

            if (!over && (!index.State.RateAlertTold || await notices.TryTellAsync(tenant, alert, resolved: true, now)))
            {
                index.State.RateAlert = null;
                index.State.RateAlertTold = false;
                await index.WriteStateAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reminder looks again.
            LogRateNotChecked(logger, exception, tenant);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 2640, Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "The dead-letter rate alert of tenant {Tenant} could not be raised or resolved now; its reminder tries again")]
    private static partial void LogRateNotChecked(Microsoft.Extensions.Logging.ILogger logger, Exception exception, string tenant);

    public async Task RemoveAsync(string notificationId)
    {
        if (index.State.Items.RemoveAll(d => d.NotificationId == notificationId) > 0)
        {
            await index.WriteStateAsync();
        }
    }

    public async Task ForgetUserAsync(string userId)
    {
        if (index.State.Items.RemoveAll(d => d.UserId == userId) > 0)
        {
            await index.WriteStateAsync();
        }
    }

    public Task<DeadLetterPage> ListAsync(string? after, int limit)
    {
        var items = index.State.Items;
        var start = after is null ? 0 : items.FindIndex(d => d.NotificationId == after) + 1;
        var page = items.Skip(start).Take(limit).ToArray();
        var next = start + page.Length < items.Count && page.Length > 0 ? page[^1].NotificationId : null;
        return Task.FromResult(new DeadLetterPage(page, items.Count, next));
    }
}
