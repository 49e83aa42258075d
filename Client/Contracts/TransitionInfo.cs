namespace Notifications.Client;

public sealed record TransitionInfo(NotificationState Status, DateTimeOffset At, string? Channel, int Attempt, string? Reason);
