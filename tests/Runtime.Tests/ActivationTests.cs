using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task Many_concurrent_callers_reach_one_activation()
    {
        await using var silo = await TestSilo.StartAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => silo.Runtime.GetGrain<ICounterGrain>("one").GetActivationIdAsync())));
        var increments = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => silo.Runtime.GetGrain<ICounterGrain>("one").IncrementAsync())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, silo.Probe.Count("activated:one"));
        // Each increment reads, yields and writes: any interleaving would lose updates or hit an etag conflict.
        Assert.Equal(Enumerable.Range(1, 200), increments.Order());
    }

    [Fact]
    public async Task A_call_carries_the_callers_activity_and_a_call_without_one_carries_none()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("traced");
        string? traced;
        string? expected;
        using (var activity = new System.Diagnostics.Activity("caller").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start())
        {
            expected = activity.Id;
            traced = await grain.CallerTraceAsync();
        }

        var untraced = await grain.CallerTraceAsync();

        Assert.Equal(expected, traced);
        Assert.Null(untraced);
    }

    [Fact]
    public async Task Calls_to_a_non_reentrant_grain_never_interleave()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("serial");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.TrackOverlapAsync(TimeSpan.FromMilliseconds(20))));

        Assert.Equal(1, silo.Probe.Count("max-overlap:serial"));
    }

    [Fact]
    public async Task Calls_to_a_reentrant_grain_interleave()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<IReentrantGrain>("open");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.TrackOverlapAsync(TimeSpan.FromMilliseconds(100))));

        Assert.True(silo.Probe.Count("max-overlap:open") > 1);
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_another_call_waits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("gate");

        var waiting = grain.WaitForReleaseAsync();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await grain.ReleaseAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other_but_not_with_writes()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("reads");
        await grain.IncrementAsync();

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.GetAsync()));

        Assert.All(reads, value => Assert.Equal(1, value));
    }

    [Fact]
    public async Task An_exception_in_a_grain_reaches_the_caller()
    {
        await using var silo = await TestSilo.StartAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Runtime.GetGrain<ICounterGrain>("x").FailAsync("boom"));

        Assert.Equal("boom", exception.Message);
        Assert.Equal(1, await silo.Runtime.GetGrain<ICounterGrain>("x").IncrementAsync());
    }

    [Fact]
    public async Task A_call_that_does_not_answer_times_out()
    {
        await using var silo = await TestSilo.StartAsync(b => b.Configure(o =>
        {
            o.ResponseTimeout = TimeSpan.FromMilliseconds(200);
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        }));

        await Assert.ThrowsAsync<TimeoutException>(() => silo.Runtime.GetGrain<ICounterGrain>("hang").HangAsync());
    }

    [Fact]
    public async Task A_method_with_its_own_response_timeout_is_waited_for_that_long()
    {
        await using var silo = await TestSilo.StartAsync(b => b.Configure(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(200)));

        Assert.Equal(1, await silo.Runtime.GetGrain<ICounterGrain>("slow").SlowIncrementAsync(TimeSpan.FromMilliseconds(600)));
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_grain_finishes()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("fire");

        await grain.SlowOneWayAsync(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, silo.Probe.Count("one-way-done"));

        await Eventually.TrueAsync(() => silo.Probe.Count("one-way-done") == 1, "the one-way call to run");
    }

    [Fact]
    public async Task An_idle_activation_is_collected_and_comes_back_with_its_state()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(
            b => b.Configure(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(5);
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
            }),
            time);
        var grain = silo.Runtime.GetGrain<ICounterGrain>("idle");
        await grain.IncrementAsync();
        var first = await grain.GetActivationIdAsync();

        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Empty(silo.Probe.Events);

        time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.TrueAsync(() => silo.Probe.Events.Contains("deactivated:idle:ActivationIdle"), "the idle grain to be collected");

        Assert.NotEqual(first, await grain.GetActivationIdAsync());
        Assert.Equal(1, await grain.GetAsync());
        Assert.Equal(2, silo.Probe.Count("activated:idle"));
    }

    [Fact]
    public async Task DeactivateOnIdle_deactivates_after_the_current_call()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>("bye");
        var first = await grain.GetActivationIdAsync();

        await grain.DeactivateAsync();
        await Eventually.TrueAsync(() => silo.Probe.Events.Contains("deactivated:bye:ApplicationRequested"), "the grain to deactivate");

        Assert.NotEqual(first, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task A_stateless_worker_runs_calls_in_parallel_activations_up_to_its_limit()
    {
        await using var silo = await TestSilo.StartAsync();
        var worker = silo.Runtime.GetGrain<IWorkerGrain>("pool");

        // Four calls that can only finish once all four are inside at once: a single activation would time out.
        var activations = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.MeetAsync(4)));

        Assert.Equal(4, activations.Distinct().Count());
        var more = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => worker.MeetAsync(1)));
        Assert.True(more.Distinct().Count() <= 4);
    }

    [Fact]
    public async Task A_silo_that_does_not_own_the_partition_refuses_to_activate()
    {
        await using var silo = await TestSilo.StartAsync(services: s => s.AddSingleton<IPartitionOwnership>(new OwnsNothing()));

        await Assert.ThrowsAsync<PartitionNotOwnedException>(() => silo.Runtime.GetGrain<ICounterGrain>("elsewhere").GetAsync());
    }

    private sealed class OwnsNothing : IPartitionOwnership
    {
        public IReadOnlyCollection<int> OwnedPartitions => [];

        public bool Owns(int partition) => false;
    }
}
