namespace Notifications.Bench;

/// <summary>Latencies in microseconds, kept whole so that percentiles are exact.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Record(TimeSpan latency)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = (long)(latency.Ticks / 10);
        }
    }

    public (double P50Ms, double P99Ms, double MaxMs) Percentiles()
    {
        var n = Math.Min(Count, _samples.Length);
        if (n == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var sorted = _samples[..n];
        Array.Sort(sorted);
        return (sorted[(int)(n * 0.50)] / 1000.0, sorted[Math.Min(n - 1, (int)(n * 0.99))] / 1000.0, sorted[n - 1] / 1000.0);
    }
}
