using System.Globalization;

namespace Notifications.Grains;

/// <summary>The keys of the event grains: a tenant's event log is split into parts, each delivered in order.</summary>
public static class EventKeys
{
    /// <summary>One part of a tenant's log, <c>tenant/part</c>.</summary>
    public static string Log(string tenant, int part) => $"{tenant}/{part.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A sealed segment of a part, <c>tenant/part/segment</c>.</summary>
    public static string Segment(string logKey, long segment) => $"{logKey}/{segment.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>One endpoint's delivery of one part, <c>tenant/endpoint/part</c>.</summary>
    public static string Delivery(string tenant, string endpointId, int part) => $"{tenant}/{endpointId}/{part.ToString(CultureInfo.InvariantCulture)}";
}
