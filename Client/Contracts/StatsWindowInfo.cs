namespace Notifications.Client;

/// <summary>One sliding window.</summary>
/// <param name="Totals">Notifications that entered each status in the window (accepted, sent, delivered, failed, suppressed...).</param>
/// <param name="Counts">The same, by channel, priority and provider.</param>
public sealed record StatsWindowInfo(
    IReadOnlyDictionary<string, long> Totals,
    IReadOnlyList<StatsCountInfo> Counts,
    LatencyInfo AcceptToSent,
    LatencyInfo AcceptToDelivered,
    IReadOnlyList<EngagementRateInfo> ByCategory,
    IReadOnlyList<EngagementRateInfo> ByTemplate);
