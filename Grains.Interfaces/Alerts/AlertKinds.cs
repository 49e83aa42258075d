namespace Notifications.Grains;

/// <summary>The conditions an alert is raised for, as the <c>alert</c> of an <c>alert.raised</c> event says.</summary>
public static class AlertKinds
{
    /// <summary>A tenant's notifications are being dead-lettered faster than its threshold (the tenant's own alert).</summary>
    public const string DeadLetterRate = "dead_letter_rate";

    /// <summary>A provider's circuit is open on some silo: its sends go to the next provider of the route, or wait.</summary>
    public const string ProviderCircuitOpen = "provider_circuit_open";

    /// <summary>Every provider of a channel's route has its circuit open: the channel delivers nothing.</summary>
    public const string ChannelDown = "channel_down";

    /// <summary>The work waiting in the delivery lanes has grown for the whole of a window.</summary>
    public const string BacklogGrowing = "backlog_growing";
}
