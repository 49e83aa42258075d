namespace Notifications.Grains;

public static class NotificationStatusExtensions
{
    public static bool IsTerminal(this NotificationStatus status) => status is NotificationStatus.Delivered or NotificationStatus.Suppressed
        or NotificationStatus.Failed or NotificationStatus.Expired or NotificationStatus.Cancelled or NotificationStatus.DeadLettered or NotificationStatus.Bounced;
}
