namespace Notifications.Client;

public sealed record MarkInboxResult(int Changed, int UnreadCount);
