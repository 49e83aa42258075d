namespace Notifications.Grains;

/// <summary>Where a tenant's delivery and engagement events flow to its statistics.</summary>
public static class StatsStreams
{
    /// <summary>The silo's in-memory stream provider, the one the inbox's live events take too.</summary>
    public const string Provider = InboxStreams.Provider;

    public const string Namespace = "delivery-events";

    public static StreamId For(string tenant) => StreamId.Create(Namespace, tenant);
}
