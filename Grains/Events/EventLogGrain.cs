using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// One part of a tenant's event log. Appends that arrive while a write is in flight are stored together by the next
/// write; every <see cref="EventLogGrainState.SegmentSize"/> events the oldest are sealed into a segment grain of their
/// own, so that an append rewrites at most one segment's worth. Segments older than the retention are removed as new
/// ones are sealed.
/// </summary>
[GrainType(GrainTypeName)]
[Reentrant]
public sealed class EventLogGrain(
    [PersistentState(EventLogGrainState.Name)] IPersistentState<EventLogGrainState> log,
    EventPublisher publisher,
    IOptions<EventWebhookOptions> options,
    TimeProvider time) : Grain, IEventLogGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "eventlog";

    private CoalescedWrite? _write;

    private bool _sealing;

    /// <summary>
    /// The head as far as it is stored: events appended and not yet stored are not read, so that no endpoint is sent an
    /// event (and stores a cursor past it) that a crash could take back and the next event's number be given to again.
    /// </summary>
    private long _storedHead;

    private EventLogGrainState State => log.State;

    private long OpenStart => State.OpenSegment * State.SegmentSize;

    private long Head => OpenStart + State.Open.Count;

    private long Oldest => State.Sealed.Count > 0 ? State.Sealed[0].Number * State.SegmentSize : OpenStart;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _write = new CoalescedWrite(() => log.WriteStateAsync());
        if (State.SegmentSize == 0)
        {
            State.SegmentSize = Math.Max(1, options.Value.SegmentSize);
        }

        _storedHead = Head;
        return Task.CompletedTask;
    }

    public async Task AppendAsync(IReadOnlyList<TenantEvent> events)
    {
        State.Open.AddRange(events);
        var head = Head;
        await _write!.WriteAsync();
        _storedHead = Math.Max(_storedHead, head);
        if (State.Open.Count >= State.SegmentSize && !_sealing)
        {
            await SealAsync();
        }

        await WakeEndpointsAsync(events);
    }

    public async Task<EventLogRead> ReadAsync(long from, int max)
    {
        var head = _storedHead;
        from = Math.Max(from, Oldest);
        if (from >= head || max <= 0)
        {
            return new EventLogRead(Math.Min(from, head), [], head);
        }

        if (from >= OpenStart)
        {
            return new EventLogRead(from, State.Open.GetRange((int)(from - OpenStart), (int)Math.Min(max, head - from)), head);
        }

        var number = from / State.SegmentSize;
        var events = await Segment(number).ReadAsync();
        var skip = (int)(from - (number * State.SegmentSize));
        if (skip >= events.Count)
        {
            // A segment that holds less than it should (it was never sealed whole): read on from the next one.
            return new EventLogRead((number + 1) * State.SegmentSize, [], head);
        }

        return new EventLogRead(from, [.. events.Skip(skip).Take(max)], head);
    }

    public async Task<long> SequenceAtAsync(DateTimeOffset since)
    {
        foreach (var segment in State.Sealed.ToArray())
        {
            if (segment.LastAt >= since)
            {
                var events = await Segment(segment.Number).ReadAsync();
                var index = IndexOfFirst(events, since);
                if (index < events.Count)
                {
                    return (segment.Number * State.SegmentSize) + index;
                }
            }
        }

        return OpenStart + IndexOfFirst(State.Open, since);
    }

    /// <summary>The first event at or after <paramref name="since"/> (events are logged about in time order, not exactly).</summary>
    private static int IndexOfFirst(IReadOnlyList<TenantEvent> events, DateTimeOffset since)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].At >= since)
            {
                return i;
            }
        }

        return events.Count;
    }

    /// <summary>
    /// Seals the open segment's oldest events into a segment grain, then the log forgets them. A crash in between
    /// seals the same events under the same number again.
    /// </summary>
    private async Task SealAsync()
    {
        _sealing = true;
        try
        {
            while (State.Open.Count >= State.SegmentSize)
            {
                var size = State.SegmentSize;
                var events = State.Open.GetRange(0, size);
                await Segment(State.OpenSegment).StoreAsync(events);
                State.Open.RemoveRange(0, size);
                State.Sealed.Add(new EventSegmentInfo(State.OpenSegment, events[0].At, events[^1].At));
                State.OpenSegment++;
                var cutoff = time.GetUtcNow() - options.Value.Retention;
                while (State.Sealed.Count > 0 && State.Sealed[0].LastAt < cutoff)
                {
                    await Segment(State.Sealed[0].Number).ClearAsync();
                    State.Sealed.RemoveAt(0);
                }

                await _write!.WriteAsync();
            }
        }
        finally
        {
            _sealing = false;
        }
    }

    private async Task WakeEndpointsAsync(IReadOnlyList<TenantEvent> events)
    {
        var key = this.GetPrimaryKeyString();
        var split = key.LastIndexOf('/');
        var tenant = key[..split];
        var part = int.Parse(key[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var endpoint in await publisher.EndpointsOfAsync(tenant))
        {
            if (endpoint.Enabled && events.Any(e => endpoint.Wants(e.Type)))
            {
                _ = GrainFactory.GetGrain<IEventDeliveryGrain>(EventKeys.Delivery(tenant, endpoint.Id, part)).WakeAsync();
            }
        }
    }

    private IEventSegmentGrain Segment(long number) => GrainFactory.GetGrain<IEventSegmentGrain>(EventKeys.Segment(this.GetPrimaryKeyString(), number));
}
