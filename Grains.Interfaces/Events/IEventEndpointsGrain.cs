namespace Notifications.Grains;

/// <summary>A tenant's event endpoints, keyed by tenant.</summary>
[Alias("Notifications.Grains.IEventEndpointsGrain")]
public interface IEventEndpointsGrain : IGrainWithStringKey
{
    /// <summary>Interleaves: a part's delivery reads the endpoints while this grain may be waiting on that part.</summary>
    [AlwaysInterleave]
    [Alias("ListAsync")]
    Task<IReadOnlyList<EventEndpoint>> ListAsync();

    /// <summary>Stores a new endpoint, which receives the events logged from now on; null when the tenant has as many as it may.</summary>
    [Alias("CreateAsync")]
    Task<EventEndpoint?> CreateAsync(string url, IReadOnlyList<string>? types, string? description, string? secret);

    /// <summary>The endpoint changed; null when there is no such endpoint.</summary>
    [Alias("ChangeAsync")]
    Task<EventEndpoint?> ChangeAsync(string id, EventEndpointChange change);

    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(string id);

    /// <summary>How the endpoint's events are getting through; null when there is no such endpoint.</summary>
    [AlwaysInterleave]
    [Alias("StatusAsync")]
    Task<EventDeliveryStatus?> StatusAsync(string id);

    /// <summary>Sends the endpoint every event it wants logged since <paramref name="since"/> again; the events to send, or null when there is no such endpoint.</summary>
    [Alias("ReplayAsync")]
    Task<long?> ReplayAsync(string id, DateTimeOffset since);

    /// <summary>Turns the endpoint off for failing (its delivery says why); it is sent to again once the tenant enables it.
    /// One-way: the part that calls it must not wait on this grain, which may be waiting on the part.</summary>
    [OneWay]
    [Alias("DisableAsync")]
    Task DisableAsync(string id, string reason);
}
