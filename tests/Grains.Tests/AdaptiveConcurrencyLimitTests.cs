using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class AdaptiveConcurrencyLimitTests
{
    [Fact]
    public void The_limit_grows_while_steps_stay_fast_and_shrinks_when_they_queue()
    {
        var time = new ManualTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(initial: 16, min: 4, max: 300, time);

        RunWindows(limit, time, windows: 30, stepMilliseconds: 5);
        var grown = limit.Limit;
        RunWindows(limit, time, windows: 10, stepMilliseconds: 40);
        var shrunk = limit.Limit;
        RunWindows(limit, time, windows: 200, stepMilliseconds: 5);

        Assert.Equal(300, grown);
        Assert.InRange(shrunk, 4, 30);
        Assert.Equal(300, limit.Limit);
    }

    [Fact]
    public void Slow_receivers_alone_do_not_hold_the_limit_down_once_they_are_the_norm()
    {
        var time = new ManualTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(initial: 16, min: 4, max: 500, time);

        // Every step takes 200 ms without any queueing: the baseline follows and the limit rises again.
        RunWindows(limit, time, windows: 5, stepMilliseconds: 5);
        RunWindows(limit, time, windows: 600, stepMilliseconds: 200);

        Assert.Equal(500, limit.Limit);
    }

    private static void RunWindows(AdaptiveConcurrencyLimit limit, ManualTimeProvider time, int windows, double stepMilliseconds)
    {
        for (var w = 0; w < windows; w++)
        {
            for (var i = 0; i < 20; i++)
            {
                limit.Record(TimeSpan.FromMilliseconds(stepMilliseconds));
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
            limit.Record(TimeSpan.FromMilliseconds(stepMilliseconds));
        }
    }
}
