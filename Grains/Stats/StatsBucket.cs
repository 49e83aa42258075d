namespace Notifications.Grains;

/// <summary>What happened in one second or one minute: transitions counted, latencies, engagement by category and template.</summary>
public sealed class StatsBucket
{
    public Dictionary<(NotificationStatus Status, string? Channel, Priority Priority, string? Provider), long> Counts { get; } = [];

    public LatencyHistogram AcceptToSent { get; } = new();

    public LatencyHistogram AcceptToDelivered { get; } = new();

    public Dictionary<string, (long Delivered, long Opened, long Clicked)> ByCategory { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (long Delivered, long Opened, long Clicked)> ByTemplate { get; } = new(StringComparer.Ordinal);

    public void Add(DeliveryEvent e)
    {
        if (e.Status is { } status)
        {
            var key = (status, e.Channel, e.Priority, e.Provider);
            Counts[key] = Counts.GetValueOrDefault(key) + 1;
            if (status == NotificationStatus.Sent)
            {
                AcceptToSent.Record(e.SinceAccepted);
            }
            else if (status == NotificationStatus.Delivered)
            {
                AcceptToDelivered.Record(e.SinceAccepted);
                Engage(e, delivered: 1, opened: 0, clicked: 0);
            }
        }
        else if (e.Engagement is EngagementAction.Opened or EngagementAction.Clicked)
        {
            Engage(e, delivered: 0, opened: e.Engagement == EngagementAction.Opened ? 1 : 0, clicked: e.Engagement == EngagementAction.Clicked ? 1 : 0);
        }
    }

    public void Add(StatsBucket other)
    {
        foreach (var (key, count) in other.Counts)
        {
            Counts[key] = Counts.GetValueOrDefault(key) + count;
        }

        AcceptToSent.Add(other.AcceptToSent);
        AcceptToDelivered.Add(other.AcceptToDelivered);
        Merge(ByCategory, other.ByCategory);
        Merge(ByTemplate, other.ByTemplate);
    }

    public void Add(StatsSecond second)
    {
        foreach (var count in second.Counts)
        {
            var key = (count.Status, count.Channel, count.Priority, count.Provider);
            Counts[key] = Counts.GetValueOrDefault(key) + count.Count;
        }

        AcceptToSent.Add(second.AcceptToSent);
        AcceptToDelivered.Add(second.AcceptToDelivered);
        Merge(ByCategory, second.ByCategory);
        Merge(ByTemplate, second.ByTemplate);
    }

    public StatsSecond ToSecond(long second) => new(
        second,
        [.. Counts.Select(c => new StatsCount(c.Key.Status, c.Key.Channel, c.Key.Priority, c.Key.Provider, c.Value))],
        AcceptToSent.ToCounts(),
        AcceptToDelivered.ToCounts(),
        Engagements(ByCategory),
        Engagements(ByTemplate));

    public long CountOf(NotificationStatus status) => Counts.Where(c => c.Key.Status == status).Sum(c => c.Value);

    /// <summary>Failed, dead-lettered and bounced, by provider (by channel where no provider took it).</summary>
    public Dictionary<string, long> FailuresByProvider() => Counts
        .Where(c => c.Key.Status is NotificationStatus.Failed or NotificationStatus.DeadLettered or NotificationStatus.Bounced)
        .GroupBy(c => c.Key.Provider ?? c.Key.Channel ?? "none", StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);

    public StatsWindow ToWindow() => new(
        [.. Counts.OrderBy(c => c.Key.Status).ThenBy(c => c.Key.Channel, StringComparer.Ordinal).ThenBy(c => c.Key.Priority).ThenBy(c => c.Key.Provider, StringComparer.Ordinal)
            .Select(c => new StatsCount(c.Key.Status, c.Key.Channel, c.Key.Priority, c.Key.Provider, c.Value))],
        AcceptToSent.ToStats(),
        AcceptToDelivered.ToStats(),
        Engagements(ByCategory),
        Engagements(ByTemplate));

    private void Engage(DeliveryEvent e, long delivered, long opened, long clicked)
    {
        foreach (var (name, into) in new[] { (e.Category, ByCategory), (e.TemplateId, ByTemplate) })
        {
            if (name is not null)
            {
                var (d, o, c) = into.GetValueOrDefault(name);
                into[name] = (d + delivered, o + opened, c + clicked);
            }
        }
    }

    private static void Merge(Dictionary<string, (long Delivered, long Opened, long Clicked)> into, Dictionary<string, (long Delivered, long Opened, long Clicked)> from)
    {
        foreach (var (name, (d, o, c)) in from)
        {
            var (d0, o0, c0) = into.GetValueOrDefault(name);
            into[name] = (d0 + d, o0 + o, c0 + c);
        }
    }

    private static void Merge(Dictionary<string, (long Delivered, long Opened, long Clicked)> into, IReadOnlyList<EngagementCount> from)
    {
        foreach (var count in from)
        {
            var (d, o, c) = into.GetValueOrDefault(count.Name);
            into[count.Name] = (d + count.Delivered, o + count.Opened, c + count.Clicked);
        }
    }

    private static EngagementCount[] Engagements(Dictionary<string, (long Delivered, long Opened, long Clicked)> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new EngagementCount(c.Key, c.Value.Delivered, c.Value.Opened, c.Value.Clicked))];
}
