using NCrontab;

namespace Notifications.Grains;

/// <summary>Occurrences of a five-field cron expression, in wall-clock time of an IANA time zone.</summary>
public static class CronRecurrence
{
    public static bool IsValid(string cron) => CrontabSchedule.TryParse(cron) is not null;

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextAfter(string cron, string? timeZone, DateTimeOffset after)
    {
        var schedule = CrontabSchedule.Parse(cron);
        var local = ZonedTime.ToLocal(after, timeZone);
        while (true)
        {
            local = schedule.GetNextOccurrence(local);
            // A wall-clock time that occurs twice, or is skipped, can map to an instant at or before the last one.
            var instant = ZonedTime.ToInstant(local, timeZone);
            if (instant > after)
            {
                return instant;
            }
        }
    }
}
