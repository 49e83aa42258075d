namespace Notifications.Client;

/// <param name="Items">Newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next, older page; null on the last one.</param>
public sealed record InboxPageInfo(IReadOnlyList<InboxItemInfo> Items, int UnreadCount, string? NextCursor);
