namespace Notifications.Grains;

/// <summary>One step of the state machine, as persisted.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.NotificationTransition")]
public sealed record NotificationTransition(NotificationStatus Status, DateTimeOffset At, string? Channel = null, int Attempt = 0, string? Reason = null);
