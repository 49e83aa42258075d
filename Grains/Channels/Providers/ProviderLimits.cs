using System.Threading.RateLimiting;

namespace Notifications.Grains;

/// <summary>A provider's send rate and concurrency cap as this silo holds them: its part of each (<see cref="ClusterShare"/>).</summary>
internal sealed class ProviderLimits : IDisposable
{
    private readonly TokenBucketRateLimiter? _rate;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly int _permits;

    public ProviderLimits(ProviderSettings settings, ClusterShare share)
    {
        if (settings.RatePerSecond > 0)
        {
            var rate = share.Of(settings.RatePerSecond);
            // A tenth of a second's worth at once: smooth, but not one request at a time.
            var burst = Math.Max(1, (int)Math.Ceiling(rate / 10));
            _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = burst,
                ReplenishmentPeriod = TimeSpan.FromSeconds(burst / rate),
                QueueLimit = settings.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        _permits = share.Of(Math.Max(1, settings.MaxConcurrency));
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _permits,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Waits for this send's turn under the rate, then for a free slot; null when either has more sends waiting than its
    /// queue takes. Disposing the lease frees the slot.
    /// </summary>
    public async ValueTask<RateLimitLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_rate is not null)
        {
            // A token is spent once taken: the lease has nothing to give back.
            using var turn = await _rate.AcquireAsync(1, cancellationToken);
            if (!turn.IsAcquired)
            {
                return null;
            }
        }

        var slot = await _concurrency.AcquireAsync(1, cancellationToken);
        if (slot.IsAcquired)
        {
            return slot;
        }

        slot.Dispose();
        return null;
    }

    /// <summary>Nothing holds a slot or waits for a turn.</summary>
    public bool IsIdle =>
        _concurrency.GetStatistics() is { CurrentQueuedCount: 0 } slots && slots.CurrentAvailablePermits == _permits
        && (_rate?.GetStatistics()?.CurrentQueuedCount ?? 0) == 0;

    public void Dispose()
    {
        _rate?.Dispose();
        _concurrency.Dispose();
    }
}
