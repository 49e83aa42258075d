
namespace Notifications.Grains;

/// <summary>
/// A tenant's sliding windows: a bucket a second for the last two minutes, a bucket a minute for the last day.
/// Counts live in memory: a restart begins the windows anew, as a restarted Prometheus counter does.
/// </summary>
[ImplicitStreamSubscription(StatsStreams.Namespace)]
public sealed class StatsGrain(TimeProvider time) : Grain, IStatsGrain, IAsyncObserver<DeliveryEventBatch>
{
    private const int SeriesSeconds = 120;
    private const int DayMinutes = 24 * 60;

    private static readonly IReadOnlyDictionary<string, long> NoFailures = new Dictionary<string, long>();

    private readonly (long Second, StatsBucket Bucket)[] _seconds = new (long, StatsBucket)[SeriesSeconds];
    private readonly (long Minute, StatsBucket Bucket)[] _minutes = new (long, StatsBucket)[DayMinutes];
    /// <summary>The last batch counted from each silo's pump.</summary>
    private readonly Dictionary<Guid, long> _lastSequences = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetStreamProvider(StatsStreams.Provider).GetStream<DeliveryEventBatch>(StatsStreams.For(this.GetPrimaryKeyString())).SubscribeAsync(this);

    public Task OnNextAsync(DeliveryEventBatch batch, StreamSequenceToken? token = null)
    {
        // Sent again after its answer was lost: counted already.
        if (batch.Sequence <= _lastSequences.GetValueOrDefault(batch.Source))
        {
            return Task.CompletedTask;
        }

        _lastSequences[batch.Source] = batch.Sequence;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var counted in DeliveryEventBatchBuilder.Folded(batch).Seconds ?? [])
        {
            if (counted.Second > now - SeriesSeconds)
            {
                Slot(_seconds, counted.Second).Add(counted);
            }

            if (counted.Second / 60 > now / 60 - DayMinutes)
            {
                Slot(_minutes, counted.Second / 60).Add(counted);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<StatsSnapshot> GetAsync()
    {
        var at = time.GetUtcNow();
        var now = at.ToUnixTimeSeconds();
        var series = new StatsPoint[SeriesSeconds];
        for (var i = 0; i < SeriesSeconds; i++)
        {
            var second = now - SeriesSeconds + 1 + i;
            var bucket = Find(_seconds, second);
            series[i] = new StatsPoint(DateTimeOffset.FromUnixTimeSeconds(second),
                bucket?.CountOf(NotificationStatus.Accepted) ?? 0,
                bucket?.CountOf(NotificationStatus.Sent) ?? 0,
                bucket?.CountOf(NotificationStatus.Delivered) ?? 0,
                (bucket?.CountOf(NotificationStatus.Failed) ?? 0) + (bucket?.CountOf(NotificationStatus.DeadLettered) ?? 0) + (bucket?.CountOf(NotificationStatus.Bounced) ?? 0),
                bucket?.AcceptToSent.PercentileMs(0.95),
                bucket?.FailuresByProvider() ?? NoFailures);
        }

        return Task.FromResult(new StatsSnapshot(
            at,
            Sum(_seconds, now - 59, now),
            Sum(_minutes, now / 60 - 59, now / 60),
            Sum(_minutes, now / 60 - DayMinutes + 1, now / 60),
            series));
    }

    private static StatsBucket Slot((long Stamp, StatsBucket Bucket)[] ring, long stamp)
    {
        ref var slot = ref ring[stamp % ring.Length];
        if (slot.Bucket is null || slot.Stamp != stamp)
        {
            slot = (stamp, new StatsBucket());
        }

        return slot.Bucket;
    }

    private static StatsBucket? Find((long Stamp, StatsBucket Bucket)[] ring, long stamp) =>
        ring[stamp % ring.Length] is { Bucket: not null } slot && slot.Stamp == stamp ? slot.Bucket : null;

    private static StatsWindow Sum((long Stamp, StatsBucket Bucket)[] ring, long from, long to)
    {
        var sum = new StatsBucket();
        foreach (var (stamp, bucket) in ring)
        {
            if (bucket is not null && stamp >= from && stamp <= to)
            {
                sum.Add(bucket);
            }
        }

        return sum.ToWindow();
    }
}
