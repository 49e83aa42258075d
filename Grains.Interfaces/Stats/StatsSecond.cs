namespace Notifications.Grains;

/// <summary>What one silo counted of a tenant's steps that happened in one second, for the tenant's statistics to add up.</summary>
/// <param name="Second">Seconds since the Unix epoch.</param>
/// <param name="AcceptToSent">Counts in the buckets of the statistics' latency histogram (a quarter apart, from a millisecond).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.StatsSecond")]
public sealed record StatsSecond(
    long Second,
    IReadOnlyList<StatsCount> Counts,
    long[] AcceptToSent,
    long[] AcceptToDelivered,
    IReadOnlyList<EngagementCount> ByCategory,
    IReadOnlyList<EngagementCount> ByTemplate);
