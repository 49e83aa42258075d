namespace Notifications.Grains;

/// <summary>The runs an event about a topic's subscribers starts, keyed by the event's id; walks the topic a page at a time under a reminder.</summary>
[Alias("Notifications.Grains.IEventFanOutGrain")]
public interface IEventFanOutGrain : IGrainWithStringKey
{
    /// <summary>Stores the event and starts the walk; a repeat finds the walk started before (or a conflicting one).</summary>
    [Alias("StartAsync")]
    Task<(AcceptOutcome Outcome, EventFanOutSnapshot FanOut)> StartAsync(EventFanOutStart start);

    [ReadOnly]
    [Alias("GetAsync")]
    Task<EventFanOutSnapshot?> GetAsync(string tenant);
}
