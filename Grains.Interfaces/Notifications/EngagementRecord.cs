namespace Notifications.Grains;

public sealed record EngagementRecord(EngagementAction Action, DateTimeOffset At);
