namespace Notifications.Client;

public sealed record StatsCountInfo(NotificationState Status, string? Channel, NotificationPriority Priority, string? Provider, long Count);
