namespace Notifications.Client;

/// <param name="NextAttemptAt">While scheduled: when the next step is due.</param>
/// <param name="Provider">The provider that took it (by its configured name), and its id for it.</param>
/// <param name="FanOutId">The send to many users (a topic's subscribers, an audience) this notification is one recipient's part of.</param>
public sealed record NotificationInfo(
    string Id,
    string UserId,
    NotificationState Status,
    NotificationPriority Priority,
    string? Title,
    string Message,
    string? Category,
    string? Language,
    string? Channel,
    IReadOnlyDictionary<string, string>? Data,
    int Attempts,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<TransitionInfo> History,
    IReadOnlyList<EngagementInfo> Engagements,
    NotificationDeliveryMode DeliveryMode = NotificationDeliveryMode.AtLeastOnce,
    DateTimeOffset? SendAt = null,
    DateTime? SendAtLocal = null,
    DateTimeOffset? ExpiresAt = null,
    string? DedupeKey = null,
    DateTimeOffset? NextAttemptAt = null,
    string? Provider = null,
    string? ProviderMessageId = null,
    IReadOnlyList<string>? Channels = null,
    string? Template = null,
    int? TemplateVersion = null,
    string? FanOutId = null,
    string? DeviceId = null);
