namespace Notifications.Grains;

/// <param name="Items">Newest first.</param>
/// <param name="NextCursor">Pass it back for the next, older page; null on the last one.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.InboxPage")]
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int UnreadCount, string? NextCursor);
