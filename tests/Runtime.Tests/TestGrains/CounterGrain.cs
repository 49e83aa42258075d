namespace Notifications.Runtime.Tests;

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, Probe probe) : Grain, ICounterGrain, IRemindable
{
    private readonly Guid _activationId = Guid.NewGuid();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment($"activated:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivated:{GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }

    public Task<string?> CallerTraceAsync() => Task.FromResult(System.Diagnostics.Activity.Current?.Id);

    public async Task<int> IncrementAsync()
    {
        var before = state.State.Value;
        await Task.Yield();
        state.State.Value = before + 1;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public async Task<int> TrackOverlapAsync(TimeSpan hold)
    {
        var now = Interlocked.Increment(ref _inFlight);
        probe.Counters.AddOrUpdate($"max-overlap:{GetPrimaryKeyString()}", now, (_, max) => Math.Max(max, now));
        await Task.Delay(hold);
        Interlocked.Decrement(ref _inFlight);
        return now;
    }

    public Task ReleaseAsync()
    {
        _release.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task WaitForReleaseAsync()
    {
        await _release.Task;
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public Task HangAsync() => new TaskCompletionSource().Task;

    public Task IncrementAndRemindAsync()
    {
        state.State.Value++;
        var write = state.WriteStateAsync();
        // Time enough for a group commit to take the state alone, were the run's writes not held together.
        Thread.Sleep(100);
        return Task.WhenAll(write, RegisterOrUpdateReminder("nudge", TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public async Task<int> SlowIncrementAsync(TimeSpan hold)
    {
        await Task.Delay(hold);
        return await IncrementAsync();
    }

    public async Task SlowOneWayAsync(TimeSpan hold)
    {
        await Task.Delay(hold);
        probe.Increment("one-way-done");
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartTimerAsync(TimeSpan period)
    {
        RegisterGrainTimer(_ =>
        {
            probe.Increment($"tick:{GetPrimaryKeyString()}");
            return Task.CompletedTask;
        }, period, period);
        return Task.CompletedTask;
    }
}
