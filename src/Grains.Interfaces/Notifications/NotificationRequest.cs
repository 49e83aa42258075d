namespace Notifications.Grains;

/// <summary>What a sender asked for, as accepted.</summary>
/// <param name="SendAt">Not before this instant.</param>
/// <param name="SendAtLocal">Not before this wall-clock time in the user's time zone (UTC when the user has none).</param>
/// <param name="ExpiresAt">Never sent after this instant: it becomes Expired instead.</param>
/// <param name="DedupeKey">Another notification to the same user with this key within <paramref name="DedupeWindow"/> is suppressed.</param>
public sealed record NotificationRequest(
    string Tenant,
    string UserId,
    string Message,
    string? Title = null,
    Priority Priority = Priority.Normal,
    string? Category = null,
    string? Language = null,
    string? Channel = null,
    IReadOnlyDictionary<string, string>? Data = null,
    DeliveryMode Mode = DeliveryMode.AtLeastOnce,
    DateTimeOffset? SendAt = null,
    DateTime? SendAtLocal = null,
    DateTimeOffset? ExpiresAt = null,
    string? DedupeKey = null,
    TimeSpan? DedupeWindow = null);
