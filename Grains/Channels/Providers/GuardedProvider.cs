using System.Diagnostics;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Notifications.Grains;

/// <summary>
/// A provider behind its own limits: a circuit breaker that takes it out of the chain while it fails, a send rate,
/// a concurrency limit and a timeout per request.
/// </summary>
public sealed class GuardedProvider<TMessage> : IAsyncDisposable
{
    private readonly IDeliveryProvider<TMessage> _provider;
    private readonly ResiliencePipeline<DeliveryResult> _pipeline;
    private readonly ProviderHealth _health;
    private readonly string _route;
    private readonly List<IAsyncDisposable> _limiters = [];

    public GuardedProvider(string route, IDeliveryProvider<TMessage> provider, ProviderSettings settings, ProviderHealth health, TimeProvider time)
    {
        _route = route;
        _provider = provider;
        _health = health;
        health.Register(route, provider.Name);
        var breaker = settings.CircuitBreaker;
        var builder = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<DeliveryResult>
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                // Whatever says the provider, not the recipient, is in trouble.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null || args.Outcome.Result?.Outcome
                    is DeliveryOutcome.Transient or DeliveryOutcome.RateLimited or DeliveryOutcome.PermanentConfiguration),
                OnOpened = _ => Changed(open: true),
                OnClosed = _ => Changed(open: false),
            });
        if (settings.RatePerSecond > 0)
        {
            // A tenth of a second's worth at once: smooth, but not one request at a time.
            var burst = Math.Max(1, (int)Math.Ceiling(settings.RatePerSecond / 10));
            var rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = burst,
                ReplenishmentPeriod = TimeSpan.FromSeconds(burst / settings.RatePerSecond),
                QueueLimit = settings.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
            _limiters.Add(rate);
            builder.AddRateLimiter(rate);
        }

        var concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.MaxConcurrency),
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _limiters.Add(concurrency);
        _pipeline = builder
            .AddRateLimiter(concurrency)
            .AddTimeout(settings.Timeout)
            .Build();

        ValueTask Changed(bool open)
        {
            health.CircuitChanged(route, provider.Name, open);
            return ValueTask.CompletedTask;
        }
    }

    public string Name => _provider.Name;

    public async Task<DeliveryResult> SendAsync(TMessage message, CancellationToken cancellationToken)
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
        catch (RateLimiterRejectedException exception)
        {
            return new DeliveryResult(DeliveryOutcome.RateLimited, $"{Name} has more sends waiting than its queue takes.", exception.RetryAfter ?? TimeSpan.FromSeconds(1), Provider: Name);
        }
        catch (TimeoutRejectedException)
        {
            result = HttpAnswers.TimedOut(Name);
        }

        result = result.Provider is null ? result with { Provider = Name } : result;
        _health.Record(_route, Name, result, Stopwatch.GetElapsedTime(started));
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var limiter in _limiters)
        {
            await limiter.DisposeAsync();
        }
    }
}
