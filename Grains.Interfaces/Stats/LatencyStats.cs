namespace Notifications.Grains;

/// <summary>Percentiles of a latency, read off a histogram whose buckets are a quarter apart (so within 12%).</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.LatencyStats")]
public sealed record LatencyStats(long Count, double P50Ms, double P95Ms, double P99Ms);
