using System.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Notifications.Grains;

/// <summary>
/// A provider behind its own limits: a circuit breaker that takes it out of the chain while it fails, a send rate,
/// a concurrency limit and a timeout per request. The limits hold for the cluster: each silo keeps its part of the
/// rate and the cap (<see cref="ClusterShare"/>), and a circuit opened on one silo holds back every silo's sends
/// (<see cref="IProviderCircuitGrain"/>).
/// </summary>
public sealed class GuardedProvider<TMessage> : IAsyncDisposable
    where TMessage : IRecipientMessage
{
    /// <summary>How often a silo asks whether another silo opened the provider's circuit.</summary>
    private static readonly TimeSpan ClusterCircuitReadEvery = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MinimumRetryAfter = TimeSpan.FromSeconds(1);

    private readonly IDeliveryProvider<TMessage> _provider;
    private readonly ProviderSettings _settings;
    private readonly ResiliencePipeline<DeliveryResult> _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly IProviderCircuitGrain _clusterCircuit;
    private readonly ProviderHealth _health;
    private readonly ClusterShare _share;
    private readonly TimeProvider _time;
    private readonly string _route;
    /// <summary>Who this breaker is to the cluster's circuit: another silo's trial send does not close this one's break.</summary>
    private readonly string _breakerId = Guid.NewGuid().ToString("N");
    private readonly List<ProviderLimits> _retiredLimits = [];
    private ProviderLimits _limits;
    private ClusterCircuitRead _clusterCircuitRead = new(DateTimeOffset.MinValue, Task.FromResult<DateTimeOffset?>(null));

    public GuardedProvider(string route, IDeliveryProvider<TMessage> provider, ProviderSettings settings, ProviderHealth health, ClusterShare share, IGrainFactory grains, TimeProvider time)
    {
        _route = route;
        _provider = provider;
        _settings = settings;
        _health = health;
        _share = share;
        _time = time;
        _clusterCircuit = grains.GetGrain<IProviderCircuitGrain>($"{route}/{provider.Name}");
        health.Register(route, provider.Name);
        _limits = new ProviderLimits(settings, share);
        share.Changed += ResizeLimits;
        var breaker = settings.CircuitBreaker;
        _pipeline = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<DeliveryResult>
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                StateProvider = _circuit,
                // Only what says the provider itself is in trouble: a message or recipient it refuses, or a limit it names
                // (answered with its own wait), is no reason to hold back every tenant's sends.
                ShouldHandle = args => ValueTask.FromResult(!provider.SendsToRecipientEndpoints
                    && (args.Outcome.Exception is not null || args.Outcome.Result?.ProviderFault == true)),
                OnOpened = args =>
                {
                    health.CircuitChanged(route, provider.Name, open: true);
                    return TellClusterAsync(_clusterCircuit.BreakerOpenedAsync(_breakerId, time.GetUtcNow() + args.BreakDuration));
                },
                OnClosed = _ =>
                {
                    health.CircuitChanged(route, provider.Name, open: false);
                    return TellClusterAsync(_clusterCircuit.BreakerClosedAsync(_breakerId));
                },
            })
            .AddTimeout(settings.Timeout)
            .Build();
    }

    public string Name => _provider.Name;

    public async Task<DeliveryResult> SendAsync(TMessage message, CancellationToken cancellationToken)
    {
        // The last read may be up to a second old: a break that has ended since holds nothing back.
        if (_circuit.CircuitState is CircuitState.Closed && await ClusterCircuitOpenUntilAsync() is { } until && until > _time.GetUtcNow())
        {
            return new DeliveryResult(DeliveryOutcome.Transient, $"{Name} is failing; its circuit is open on another silo.", Max(until - _time.GetUtcNow(), MinimumRetryAfter), Provider: Name);
        }

        // The turn under the limits is taken before the breaker: a send waiting for it says nothing about the provider.
        var (limits, slot) = await AcquireAsync(cancellationToken);
        if (slot is null)
        {
            return new DeliveryResult(DeliveryOutcome.RateLimited, $"{Name} has more sends waiting than its queue takes.", MinimumRetryAfter, Provider: Name);
        }

        try
        {
            return await SendInTurnAsync(message, cancellationToken);
        }
        finally
        {
            slot.Dispose();
            if (!ReferenceEquals(limits, Volatile.Read(ref _limits)))
            {
                DisposeIdleRetiredLimits();
            }
        }
    }

    private async Task<DeliveryResult> SendInTurnAsync(TMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        DeliveryResult result;
        try
        {
            result = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Provider.SendAsync(state.Message, token),
                (Provider: _provider, Message: message),
                cancellationToken);
        }
        catch (BrokenCircuitException exception)
        {
            // Not a send: nothing to record against the provider.
            return new DeliveryResult(DeliveryOutcome.Transient, $"{Name} is failing; its circuit is open.", exception.RetryAfter, Provider: Name);
        }
        catch (TimeoutRejectedException)
        {
            result = HttpAnswers.TimedOut(Name);
        }

        result = result.Provider is null ? result with { Provider = Name } : result;
        _health.Record(_route, Name, result, Stopwatch.GetElapsedTime(started), message.Recipient);
        return result;
    }

    private async ValueTask<(ProviderLimits Limits, System.Threading.RateLimiting.RateLimitLease? Slot)> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var limits = Volatile.Read(ref _limits);
            try
            {
                return (limits, await limits.AcquireAsync(cancellationToken));
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(limits, Volatile.Read(ref _limits)))
            {
                // Retired and let go between the read and the wait: the new limits take this send.
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Read at most once a second, by whichever send comes first; the others take the last answer.</summary>
    private Task<DateTimeOffset?> ClusterCircuitOpenUntilAsync()
    {
        var now = _time.GetUtcNow();
        var read = Volatile.Read(ref _clusterCircuitRead);
        if (now - read.At >= ClusterCircuitReadEvery)
        {
            read = new ClusterCircuitRead(now, ReadClusterCircuitAsync());
            Volatile.Write(ref _clusterCircuitRead, read);
        }

        return read.OpenUntil;
    }

    private async Task<DateTimeOffset?> ReadClusterCircuitAsync()
    {
        try
        {
            return await _clusterCircuit.OpenUntilAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Not knowing is no reason to hold sends back: this silo's own breaker still guards them.
            return null;
        }
    }

    private static async ValueTask TellClusterAsync(Task told)
    {
        try
        {
            await told;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The other silos' own breakers still guard them; the send that changed the circuit goes on.
        }
    }

    private void ResizeLimits()
    {
        // Sends waiting under the old limits are served by them; new ones take the new. Until the old drain, this silo
        // may briefly hold more than its new part, as the silos hear of a change at slightly different moments anyway.
        lock (_retiredLimits)
        {
            _retiredLimits.Add(_limits);
            Volatile.Write(ref _limits, new ProviderLimits(_settings, _share));
        }

        DisposeIdleRetiredLimits();
    }

    /// <summary>Lets go of retired limits (and their replenishing timers) once nothing holds or waits for them.</summary>
    private void DisposeIdleRetiredLimits()
    {
        lock (_retiredLimits)
        {
            _retiredLimits.RemoveAll(limits =>
            {
                if (!limits.IsIdle)
                {
                    return false;
                }

                limits.Dispose();
                return true;
            });
        }
    }

    /// <summary>Limits retired by a change of the cluster and not yet let go.</summary>
    internal int RetiredLimits
    {
        get
        {
            lock (_retiredLimits)
            {
                return _retiredLimits.Count;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _share.Changed -= ResizeLimits;
        lock (_retiredLimits)
        {
            foreach (var limits in _retiredLimits.Append(_limits))
            {
                limits.Dispose();
            }

            _retiredLimits.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private sealed record ClusterCircuitRead(DateTimeOffset At, Task<DateTimeOffset?> OpenUntil);
}
