namespace Notifications.Client;

public enum NotificationPriority
{
    Critical,
    High,
    Normal,
    Low,
}
