namespace Notifications.Client;

public sealed record StatsPointInfo(DateTimeOffset At, long Accepted, long Sent, long Delivered, long Failed, double? AcceptToSentP95Ms);
