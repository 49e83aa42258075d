namespace Notifications.Grains;

/// <summary>One step of the state machine, as persisted.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.NotificationTransition")]
public sealed record NotificationTransition(NotificationStatus Status, DateTimeOffset At, string? Channel = null, int Attempt = 0, string? Reason = null)
{
    /// <summary>The step of a notification accepted at <paramref name="at"/> to wait for its send time.</summary>
    public static NotificationTransition ScheduledFor(DateTimeOffset at, DateTimeOffset sendAt) => new(NotificationStatus.Scheduled, at, Reason: $"To be sent at {sendAt:O}.");
}
