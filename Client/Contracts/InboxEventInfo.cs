namespace Notifications.Client;

/// <summary>One server-sent event of an inbox stream: a notification that arrived, or a new unread count.</summary>
public sealed record InboxEventInfo(InboxItemInfo? Notification, int UnreadCount);
