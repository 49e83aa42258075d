namespace Notifications.Grains;

/// <summary>Everything counted over one sliding window (the last minute, hour or day).</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.StatsWindow")]
public sealed record StatsWindow(
    IReadOnlyList<StatsCount> Counts,
    LatencyStats AcceptToSent,
    LatencyStats AcceptToDelivered,
    IReadOnlyList<EngagementCount> ByCategory,
    IReadOnlyList<EngagementCount> ByTemplate);
