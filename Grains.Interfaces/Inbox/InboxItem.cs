namespace Notifications.Grains;

/// <summary>One notification in a user's in-app inbox.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.InboxItem")]
public sealed record InboxItem(
    string NotificationId,
    string? Title,
    string Message,
    string? Category,
    Priority Priority,
    IReadOnlyDictionary<string, string>? Data,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt = null,
    DateTimeOffset? ArchivedAt = null);
