namespace Notifications.Grains;

/// <summary>
/// A tenant's events gathered for one batch, a notification's transitions joined into one event (the last, carrying
/// the ones before it), in the order each notification's first one came. A page's recipient passes through five
/// transitions in a few milliseconds: joined, the stream carries and its consumers read one event where they were five.
/// </summary>
public sealed class DeliveryEventGathering
{
    private readonly List<Gathered> _gathered = [];

    private readonly Dictionary<string, Gathered> _byNotification = new(StringComparer.Ordinal);

    public int Count => _gathered.Count;

    public void Add(DeliveryEvent next)
    {
        if (next.Status is not null && _byNotification.TryGetValue(next.NotificationId, out var gathered) && gathered.Last.PrecedesSameNotification(next))
        {
            var last = gathered.Last;
            (gathered.Earlier ??= new List<DeliveryStep>(4)).Add(new DeliveryStep(last.Status!.Value, last.Channel, last.Provider, last.At));
            gathered.Last = next;
            return;
        }

        gathered = new Gathered(next);
        _gathered.Add(gathered);
        if (next.Status is not null)
        {
            _byNotification[next.NotificationId] = gathered;
        }
    }

    /// <summary>What was gathered, as the batch's events; the gathering starts again empty.</summary>
    public List<DeliveryEvent> Take()
    {
        var events = new List<DeliveryEvent>(_gathered.Count);
        foreach (var gathered in _gathered)
        {
            events.Add(gathered.Earlier is null ? gathered.Last : gathered.Last with { Earlier = gathered.Earlier });
        }

        _gathered.Clear();
        _byNotification.Clear();
        return events;
    }

    private sealed class Gathered(DeliveryEvent first)
    {
        public DeliveryEvent Last { get; set; } = first;

        public List<DeliveryStep>? Earlier { get; set; }
    }
}
