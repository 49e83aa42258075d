namespace Notifications.Grains;

/// <summary>
/// How many bulk (normal and low priority) delivery steps may run at once, found by watching how long steps take,
/// after the gradient idea of TCP Vegas: while the median step takes less than <paramref name="tolerance"/> times the
/// fastest recent median, the limit grows; when steps slow down because they queue for CPU or storage, it shrinks.
/// That keeps the silo near its best throughput with short queues, so that a critical notification arriving in the
/// middle of a campaign waits behind little. Not thread-safe: the lanes call it under their lock.
/// </summary>
public sealed class AdaptiveConcurrencyLimit(int initial, int min, int max, TimeProvider time, double tolerance = 1.25)
{
    private const int WindowSamples = 256;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly double[] _samples = new double[WindowSamples];
    private int _count;
    private long _windowStart = time.GetTimestamp();
    private double _fastest = double.MaxValue;
    private double _limit = Math.Clamp(initial, min, max);

    public int Limit => (int)_limit;

    public void Record(TimeSpan stepDuration)
    {
        if (_count < WindowSamples)
        {
            _samples[_count++] = stepDuration.TotalMilliseconds;
        }

        if (_count < 8 || time.GetElapsedTime(_windowStart) < Window)
        {
            return;
        }

        Array.Sort(_samples, 0, _count);
        var median = _samples[_count / 2];
        _count = 0;
        _windowStart = time.GetTimestamp();

        // The baseline forgets slowly (about 1% a window), so that it follows lasting changes such as slower receivers.
        _fastest = Math.Min(_fastest * 1.01, median);
        var gradient = Math.Clamp(tolerance * _fastest / median, 0.5, 1.0);
        _limit = Math.Clamp(_limit * gradient + Math.Sqrt(_limit), min, max);
    }
}
