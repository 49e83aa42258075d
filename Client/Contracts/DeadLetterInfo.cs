namespace Notifications.Client;

public sealed record DeadLetterInfo(string NotificationId, string UserId, NotificationPriority Priority, string? Channel, int Attempts, string? Reason, DateTimeOffset DeadLetteredAt);
