namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.NotificationSnapshot")]
public sealed record NotificationSnapshot(
    string Id,
    NotificationRequest Request,
    NotificationStatus Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DeliveredAt,
    int Attempts,
    IReadOnlyList<NotificationTransition> History,
    IReadOnlyList<EngagementRecord> Engagements,
    DateTimeOffset? NextAttemptAt = null,
    string? Provider = null,
    string? ProviderMessageId = null);
