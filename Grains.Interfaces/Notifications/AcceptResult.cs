namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.AcceptResult")]
public sealed record AcceptResult(AcceptOutcome Outcome, NotificationSnapshot Notification);
