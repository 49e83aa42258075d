namespace Notifications.Grains;

/// <summary>
/// Sends one endpoint the events of one part of its tenant's log, keyed <c>tenant/endpoint/part</c>: in order for each
/// notification, each retried on its schedule, resumed by a reminder after a crash.
/// </summary>
[Alias("Notifications.Grains.IEventDeliveryGrain")]
public interface IEventDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Starts sending, from the events logged from now on.</summary>
    [Alias("StartAsync")]
    Task StartAsync();

    /// <summary>Stops for good: the endpoint was deleted.</summary>
    [Alias("StopAsync")]
    Task StopAsync();

    /// <summary>New events were logged, or the endpoint changed; a part not started yet starts (from the events logged from now on).</summary>
    [OneWay]
    [Alias("WakeAsync")]
    Task WakeAsync();

    /// <summary>Sends every event since <paramref name="since"/> again; how many that is.</summary>
    [Alias("ReplayAsync")]
    Task<long> ReplayAsync(DateTimeOffset since);

    [AlwaysInterleave]
    [Alias("StatusAsync")]
    Task<EventDeliveryStatus> StatusAsync();
}
