namespace Notifications.Grains;

/// <param name="Items">Newest first.</param>
/// <param name="NextCursor">Pass it back for the next, older page; null on the last one.</param>
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int UnreadCount, string? NextCursor);
