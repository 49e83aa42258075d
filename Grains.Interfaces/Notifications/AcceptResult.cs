namespace Notifications.Grains;

public sealed record AcceptResult(AcceptOutcome Outcome, NotificationSnapshot Notification);
