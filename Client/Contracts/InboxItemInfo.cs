namespace Notifications.Client;

public sealed record InboxItemInfo(
    string NotificationId,
    string? Title,
    string Message,
    string? Category,
    NotificationPriority Priority,
    IReadOnlyDictionary<string, string>? Data,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt,
    DateTimeOffset? ArchivedAt);
