namespace Notifications.Grains;

/// <summary>A notification sent again at every occurrence of a cron expression, in a time zone.</summary>
/// <param name="Template">What each occurrence sends; its send and expiry times are not used.</param>
/// <param name="NextOccurrence">Null while paused.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RecurringSchedule")]
public sealed record RecurringSchedule(
    string Id,
    string Cron,
    string? TimeZone,
    NotificationRequest Template,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextOccurrence,
    DateTimeOffset? LastOccurrence = null,
    string? LastNotificationId = null,
    int Occurrences = 0);
