namespace Notifications.Client;

public enum NotificationState
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
    Bounced,
}
