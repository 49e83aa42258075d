namespace Notifications.Grains;

/// <summary>The recurring schedules of one tenant, keyed by tenant; each fires from a durable reminder of its own.</summary>
[Alias("Notifications.Grains.IRecurringSchedulesGrain")]
public interface IRecurringSchedulesGrain : IGrainWithStringKey
{
    /// <param name="cron">Five fields: minute, hour, day of month, month, day of week.</param>
    [Alias("CreateAsync")]
    Task<RecurringSchedule> CreateAsync(string cron, string? timeZone, NotificationRequest template);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<IReadOnlyList<RecurringSchedule>> ListAsync();

    [ReadOnly]
    [Alias("GetAsync")]
    Task<RecurringSchedule?> GetAsync(string scheduleId);

    /// <summary>Pauses or resumes; null when there is no such schedule.</summary>
    [Alias("SetPausedAsync")]
    Task<RecurringSchedule?> SetPausedAsync(string scheduleId, bool paused);

    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(string scheduleId);

    /// <summary>Deletes every schedule that sends to the user (the user is being erased); answers how many there were.</summary>
    [Alias("ForgetUserAsync")]
    Task<int> ForgetUserAsync(string userId);
}
