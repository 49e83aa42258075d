namespace Notifications.Grains;

/// <summary>
/// Events read from one part of a tenant's event log: <paramref name="Events"/>[i] has sequence number
/// <paramref name="From"/> + i. <paramref name="From"/> is past the sequence asked for when the events there were
/// removed after the log's retention.
/// </summary>
/// <param name="Head">The sequence number the next event appended will take.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventLogRead")]
public sealed record EventLogRead(long From, IReadOnlyList<TenantEvent> Events, long Head)
{
    public long Next => From + Events.Count;
}
