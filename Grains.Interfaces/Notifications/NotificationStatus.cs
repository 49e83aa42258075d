namespace Notifications.Grains;

/// <summary>
/// Where a notification is in its delivery. Terminal: Delivered, Suppressed, Failed, Expired, Cancelled,
/// DeadLettered, Bounced. Sent waits for the provider's report, which may move it to Delivered, Failed or Bounced.
/// </summary>
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

    /// <summary>The provider took it, and the recipient's server later refused it for good (a hard bounce).</summary>
    Bounced,
}
