namespace Notifications.Grains;

/// <summary>What connected clients of an inbox are told: a new notification, or a change of the unread count.</summary>
/// <param name="Item">The notification that arrived; null when only read or archived marks changed.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.InboxEvent")]
public sealed record InboxEvent(InboxItem? Item, int UnreadCount);
