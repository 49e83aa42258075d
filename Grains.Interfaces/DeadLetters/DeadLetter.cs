namespace Notifications.Grains;

public sealed record DeadLetter(string NotificationId, string UserId, Priority Priority, string? Channel, int Attempts, string? Reason, DateTimeOffset At);
