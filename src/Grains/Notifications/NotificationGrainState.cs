namespace Notifications.Grains;

public sealed class NotificationGrainState
{
    public NotificationRequest? Request { get; set; }

    public string? RequestHash { get; set; }

    public NotificationStatus Status { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When the next attempt is due while the notification waits for a retry.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public List<NotificationTransition> History { get; set; } = [];

    public List<EngagementRecord> Engagements { get; set; } = [];
}
