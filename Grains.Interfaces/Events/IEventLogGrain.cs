namespace Notifications.Grains;

/// <summary>
/// One part of a tenant's event log, keyed <c>tenant/part</c> (<see cref="EventKeys"/>): events appended in order,
/// each numbered, kept for the log's retention so an endpoint can be sent them again.
/// </summary>
[Alias("Notifications.Grains.IEventLogGrain")]
public interface IEventLogGrain : IGrainWithStringKey
{
    /// <summary>Appends the events durably, then wakes the endpoints that want them.</summary>
    [Alias("AppendAsync")]
    Task AppendAsync(IReadOnlyList<TenantEvent> events);

    /// <summary>Up to <paramref name="max"/> events from sequence number <paramref name="from"/> on.</summary>
    [Alias("ReadAsync")]
    Task<EventLogRead> ReadAsync(long from, int max);

    /// <summary>The sequence number of the first event logged at or after <paramref name="since"/> (the head when none was).</summary>
    [Alias("SequenceAtAsync")]
    Task<long> SequenceAtAsync(DateTimeOffset since);
}
