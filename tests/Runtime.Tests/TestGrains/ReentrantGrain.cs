namespace Notifications.Runtime.Tests;

[Reentrant]
public sealed class ReentrantGrain(Probe probe) : Grain, IReentrantGrain
{
    private int _inFlight;

    public async Task<int> TrackOverlapAsync(TimeSpan hold)
    {
        var now = ++_inFlight;
        probe.Counters.AddOrUpdate($"max-overlap:{GetPrimaryKeyString()}", now, (_, max) => Math.Max(max, now));
        await Task.Delay(hold);
        _inFlight--;
        return now;
    }
}
