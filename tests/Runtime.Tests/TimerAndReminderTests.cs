using Notifications.Testing;

namespace Notifications.Runtime.Tests;

public sealed class TimerAndReminderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reminders-").FullName;

    [Fact]
    public async Task A_grain_timer_ticks_each_period_as_time_passes()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        await silo.Runtime.GetGrain<ICounterGrain>("clock").StartTimerAsync(TimeSpan.FromSeconds(10));

        for (var i = 1; i <= 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Eventually.TrueAsync(() => silo.Probe.Count("tick:clock") == i, $"tick {i}");
        }
    }

    [Fact]
    public async Task A_reminder_fires_when_due_and_not_before()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        await silo.Runtime.GetGrain<IAlarmGrain>("a").SetAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));

        time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(50);
        Assert.Equal(0, silo.Probe.Count("alarm:a"));

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => silo.Probe.Count("alarm:a") == 1, "the first tick");
        time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => silo.Probe.Count("alarm:a") == 2, "the second tick");
    }

    [Fact]
    public async Task Reminders_falling_due_together_are_delivered_a_bounded_number_at_a_time()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(runtime => runtime.Configure(o => o.MaxConcurrentReminderDeliveries = 3), time);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => silo.Runtime.GetGrain<IAlarmGrain>($"crowd-{i}").SetAsync(TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan)));

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Enumerable.Range(0, 40).All(i => silo.Probe.Count($"alarm:crowd-{i}") == 1), "every reminder");

        Assert.InRange(silo.Probe.Count("most-alarms-at-once"), 1, 3);
    }

    [Fact]
    public async Task A_one_shot_reminder_fires_once_and_an_unregistered_one_never()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        await silo.Runtime.GetGrain<IAlarmGrain>("once").SetAsync(TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        await silo.Runtime.GetGrain<IAlarmGrain>("never").SetAsync(TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        await silo.Runtime.GetGrain<IAlarmGrain>("never").CancelAsync();

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => silo.Probe.Count("alarm:once") == 1, "the one-shot reminder");
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(50);

        Assert.Equal(1, silo.Probe.Count("alarm:once"));
        Assert.Equal(0, silo.Probe.Count("alarm:never"));
        var rows = await silo.Service<IReminderTable>().ReadRemindersAsync(Enumerable.Range(0, 64).ToArray(), CancellationToken.None);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task A_reminder_fires_after_a_new_host_starts_over_the_same_sqlite_file()
    {
        var path = Path.Combine(_directory, "silo.db");
        await using (var first = await TestSilo.StartAsync(b => b.UseSqliteStorage(o => o.Path = path)))
        {
            await first.Runtime.GetGrain<IAlarmGrain>("durable").SetAsync(TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
        }

        await Task.Delay(700);
        await using var second = await TestSilo.StartAsync(b => b.UseSqliteStorage(o => o.Path = path));

        await Eventually.TrueAsync(() => second.Probe.Count("alarm:durable") == 1, "the reminder to fire in the new host");
    }

    [Fact]
    public async Task A_state_and_a_reminder_written_in_one_run_of_a_grain_are_committed_together()
    {
        await using var silo = await TestSilo.StartAsync(b => b.UseSqliteStorage(o => o.Path = Path.Combine(_directory, "together.db")));
        var storage = (SqliteGrainStorage)silo.Runtime.Storage;
        var grain = silo.Runtime.GetGrain<ICounterGrain>("together");
        await grain.GetAsync();

        var commits = storage.CommitCount;
        await grain.IncrementAndRemindAsync();

        Assert.Equal(commits + 1, storage.CommitCount);
    }

    [Fact]
    public async Task Stream_items_reach_implicit_subscriber_grains_and_explicit_subscribers()
    {
        await using var silo = await TestSilo.StartAsync();
        var stream = silo.Runtime.GetStreamProvider("events").GetStream<int>(StreamId.Create("numbers", "s1"));
        var seen = new List<int>();
        var handle = await stream.SubscribeAsync(new CollectingObserver(seen));

        for (var i = 1; i <= 10; i++)
        {
            await stream.OnNextAsync(i);
        }

        await handle.UnsubscribeAsync();
        await stream.OnNextAsync(100);

        Assert.Equal(155, await silo.Runtime.GetGrain<ITallyGrain>("s1").GetTotalAsync());
        Assert.Equal(Enumerable.Range(1, 10), seen);
        Assert.Equal(0, await silo.Runtime.GetGrain<ITallyGrain>("other").GetTotalAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class CollectingObserver(List<int> seen) : IAsyncObserver<int>
    {
        public Task OnNextAsync(int item)
        {
            seen.Add(item);
            return Task.CompletedTask;
        }
    }
}
