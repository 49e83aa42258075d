namespace Notifications.Grains;

/// <summary>One second of the recent past, for charts.</summary>
public sealed record StatsPoint(DateTimeOffset At, long Accepted, long Sent, long Delivered, long Failed, double? AcceptToSentP95Ms);
