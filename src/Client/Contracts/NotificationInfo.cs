namespace Notifications.Client;

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
    IReadOnlyList<EngagementInfo> Engagements);
