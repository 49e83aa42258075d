namespace Notifications.Grains;

/// <summary>Where a notification is in its delivery. Terminal: Delivered, Suppressed, Failed, Expired, Cancelled, DeadLettered.</summary>
public enum NotificationStatus
{
    Accepted,
    Scheduled,
    Routing,
    Sending,
    Sent,
    Delivered,
    Suppressed,
    Failed,
    Expired,
    Cancelled,
    DeadLettered,
}
