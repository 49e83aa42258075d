using Microsoft.Extensions.Logging;

namespace Notifications.Grains;

/// <summary>
/// One tenant's recurring schedules. Each active schedule has a one-shot reminder, named by its id, due at its next
/// occurrence. An occurrence becomes a notification whose id is derived from the schedule and the occurrence, so a
/// reminder that fires again after a crash meets the notification it already sent and sends nothing twice. After
/// downtime only the latest missed occurrence is sent.
/// </summary>
public sealed partial class RecurringSchedulesGrain(
    [PersistentState("recurring-schedules")] IPersistentState<RecurringSchedulesGrainState> book,
    TimeProvider time,
    ILogger<RecurringSchedulesGrain> logger) : Grain, IRecurringSchedulesGrain, IRemindable
{
    /// <summary>
    /// How soon a reminder whose occurrence was not handled (the silo went down mid-way) fires again: Orleans'
    /// reminders repeat until removed, and each occurrence re-arms the reminder for the next.
    /// </summary>
    private static readonly TimeSpan RefireInterval = TimeSpan.FromMinutes(1);

    private Dictionary<string, RecurringSchedule> Schedules => book.State.Schedules;

    public async Task<RecurringSchedule> CreateAsync(string cron, string? timeZone, NotificationRequest template)
    {
        var now = time.GetUtcNow();
        var schedule = new RecurringSchedule(
            Guid.CreateVersion7().ToString("N"),
            cron,
            timeZone,
            template with { SendAt = null, SendAtLocal = null, ExpiresAt = null },
            Paused: false,
            now,
            CronRecurrence.NextAfter(cron, timeZone, now));
        Schedules[schedule.Id] = schedule;
        await SaveAndArmAsync(schedule);
        return schedule;
    }

    public Task<IReadOnlyList<RecurringSchedule>> ListAsync() =>
        Task.FromResult<IReadOnlyList<RecurringSchedule>>(Schedules.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray());

    public Task<RecurringSchedule?> GetAsync(string scheduleId) => Task.FromResult(Schedules.GetValueOrDefault(scheduleId));

    public async Task<RecurringSchedule?> SetPausedAsync(string scheduleId, bool paused)
    {
        if (!Schedules.TryGetValue(scheduleId, out var schedule))
        {
            return null;
        }

        if (schedule.Paused != paused)
        {
            schedule = schedule with
            {
                Paused = paused,
                NextOccurrence = paused ? null : CronRecurrence.NextAfter(schedule.Cron, schedule.TimeZone, time.GetUtcNow()),
            };
            Schedules[scheduleId] = schedule;
            await SaveAndArmAsync(schedule);
        }

        return schedule;
    }

    public async Task<bool> DeleteAsync(string scheduleId)
    {
        if (!Schedules.Remove(scheduleId))
        {
            return false;
        }

        await book.WriteStateAsync();
        await DisarmAsync(scheduleId);
        return true;
    }

    public async Task<int> ForgetUserAsync(string userId)
    {
        var aimed = Schedules.Values.Where(s => s.Template.UserId == userId).Select(s => s.Id).ToList();
        foreach (var scheduleId in aimed)
        {
            Schedules.Remove(scheduleId);
        }

        if (aimed.Count > 0)
        {
            await book.WriteStateAsync();
            foreach (var scheduleId in aimed)
            {
                await DisarmAsync(scheduleId);
            }
        }

        return aimed.Count;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!Schedules.TryGetValue(reminderName, out var schedule) || schedule.Paused || schedule.NextOccurrence is not { } occurrence)
        {
            await DisarmAsync(reminderName);
            return;
        }

        var now = time.GetUtcNow();
        if (occurrence > now)
        {
            await SaveAndArmAsync(schedule);
            return;
        }

        // After downtime, the latest occurrence that has passed stands for all the missed ones.
        for (var next = CronRecurrence.NextAfter(schedule.Cron, schedule.TimeZone, occurrence); next <= now; next = CronRecurrence.NextAfter(schedule.Cron, schedule.TimeZone, next))
        {
            occurrence = next;
        }

        var notificationId = $"{schedule.Id}-{occurrence.ToUnixTimeSeconds()}";
        // The tenant's policy for the category as it is at this occurrence: made critical or capped since, it counts now.
        var policy = schedule.Template.Category is { } category
            ? (await GrainFactory.GetGrain<ICategoriesGrain>(schedule.Template.Tenant).ListAsync()).FirstOrDefault(c => c.Name == category)?.Policy
            : null;
        var result = await GrainFactory.GetGrain<INotificationGrain>(notificationId)
            .AcceptAsync(schedule.Template with { CategoryPolicy = policy }, $"{schedule.Id}@{occurrence.ToUnixTimeSeconds()}");
        LogOccurrence(logger, schedule.Id, occurrence, notificationId, result.Outcome);
        schedule = schedule with
        {
            LastOccurrence = occurrence,
            LastNotificationId = notificationId,
            Occurrences = schedule.Occurrences + (result.Outcome == AcceptOutcome.Accepted ? 1 : 0),
            NextOccurrence = CronRecurrence.NextAfter(schedule.Cron, schedule.TimeZone, occurrence > now ? occurrence : now),
        };
        Schedules[schedule.Id] = schedule;
        await SaveAndArmAsync(schedule);
    }

    private async Task SaveAndArmAsync(RecurringSchedule schedule)
    {
        // Armed before the schedule is stored and disarmed after: a crash between the two leaves a reminder that
        // finds nothing due, never a stored occurrence that nothing would fire.
        if (schedule.NextOccurrence is { } next)
        {
            await this.RegisterOrUpdateReminder(schedule.Id, Max(next - time.GetUtcNow(), TimeSpan.Zero), RefireInterval);
            await book.WriteStateAsync();
        }
        else
        {
            await book.WriteStateAsync();
            await DisarmAsync(schedule.Id);
        }
    }

    private async Task DisarmAsync(string scheduleId)
    {
        if (await this.GetReminder(scheduleId) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 2200, Level = LogLevel.Debug, Message = "Recurring schedule {ScheduleId} occurrence {Occurrence} sent as {NotificationId}: {Outcome}")]
    private static partial void LogOccurrence(ILogger logger, string scheduleId, DateTimeOffset occurrence, string notificationId, AcceptOutcome outcome);
}
