namespace Notifications.Grains;

/// <summary>A sealed segment of a part of a tenant's event log, keyed <c>tenant/part/segment</c>: written once, read many times.</summary>
[Alias("Notifications.Grains.IEventSegmentGrain")]
public interface IEventSegmentGrain : IGrainWithStringKey
{
    [Alias("StoreAsync")]
    Task StoreAsync(IReadOnlyList<TenantEvent> events);

    [ReadOnly]
    [Alias("ReadAsync")]
    Task<IReadOnlyList<TenantEvent>> ReadAsync();

    /// <summary>Removes the segment, at the end of the log's retention.</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
