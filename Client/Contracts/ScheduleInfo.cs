namespace Notifications.Client;

/// <param name="NextOccurrence">Null while paused.</param>
/// <param name="LastNotificationId">The notification the latest occurrence sent.</param>
public sealed record ScheduleInfo(
    string Id,
    string Cron,
    string? TimeZone,
    SendNotification Notification,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextOccurrence,
    DateTimeOffset? LastOccurrence,
    string? LastNotificationId,
    int Occurrences);
