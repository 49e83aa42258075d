namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeadLetter")]
public sealed record DeadLetter(string NotificationId, string UserId, Priority Priority, string? Channel, int Attempts, string? Reason, DateTimeOffset At);
