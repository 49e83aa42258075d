namespace Notifications.Client;

/// <summary>Percentiles in milliseconds, within about 12% (they are read off a histogram).</summary>
public sealed record LatencyInfo(long Count, double P50Ms, double P95Ms, double P99Ms);
