using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>Where a tenant's delivery and engagement events flow to its statistics.</summary>
public static class StatsStreams
{
    public const string Namespace = "delivery-events";

    public static StreamId For(string tenant) => new(Namespace, tenant);
}
