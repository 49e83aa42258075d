namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.EngagementRecord")]
public sealed record EngagementRecord(EngagementAction Action, DateTimeOffset At);
