namespace Notifications.Grains;

/// <summary>
/// Latencies in buckets a quarter apart, from a millisecond to beyond a day: small and mergeable, so every second and
/// minute of a window keeps one and a window's percentiles come from their sum.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.25;
    private const int BucketCount = 90;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public void Record(TimeSpan latency)
    {
        var ms = latency.TotalMilliseconds;
        var bucket = ms <= 1 ? 0 : Math.Min(BucketCount - 1, (int)Math.Ceiling(Math.Log(ms) / LogGrowth));
        _counts[bucket]++;
        Count++;
    }

    public void Add(LatencyHistogram other) => Add(other._counts);

    /// <summary>Adds counts by bucket, as <see cref="ToCounts"/> gives them.</summary>
    public void Add(long[] counts)
    {
        for (var i = 0; i < Math.Min(BucketCount, counts.Length); i++)
        {
            _counts[i] += counts[i];
            Count += counts[i];
        }
    }

    /// <summary>The counts by bucket, up to the last that holds any.</summary>
    public long[] ToCounts() => _counts.AsSpan(0, Array.FindLastIndex(_counts, c => c > 0) + 1).ToArray();

    /// <summary>The latency below which <paramref name="percentile"/> of them fall: the geometric middle of its bucket.</summary>
    public double? PercentileMs(double percentile)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(percentile * Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return i == 0 ? 1 : Math.Pow(Growth, i - 0.5);
            }
        }

        return Math.Pow(Growth, BucketCount - 1);
    }

    public LatencyStats ToStats() => new(Count, PercentileMs(0.50) ?? 0, PercentileMs(0.95) ?? 0, PercentileMs(0.99) ?? 0);
}
