using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>The recurring schedules of one tenant, keyed by tenant; each fires from a durable reminder of its own.</summary>
public interface IRecurringSchedulesGrain : IGrainWithStringKey
{
    /// <param name="cron">Five fields: minute, hour, day of month, month, day of week.</param>
    Task<RecurringSchedule> CreateAsync(string cron, string? timeZone, NotificationRequest template);

    [ReadOnly]
    Task<IReadOnlyList<RecurringSchedule>> ListAsync();

    [ReadOnly]
    Task<RecurringSchedule?> GetAsync(string scheduleId);

    /// <summary>Pauses or resumes; null when there is no such schedule.</summary>
    Task<RecurringSchedule?> SetPausedAsync(string scheduleId, bool paused);

    Task<bool> DeleteAsync(string scheduleId);
}
