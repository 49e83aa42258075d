namespace Notifications.Grains;

/// <summary>
/// Bound from <c>Notifications:Outbound</c>: where deliveries to addresses the recipients chose (webhook URLs, web-push
/// endpoints) may go. By default only to the public internet: loopback, private networks, link-local (cloud metadata),
/// multicast and reserved ranges are refused, so that a user's webhook cannot reach inside the service's network.
/// </summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Notifications:Outbound";

    /// <summary>Lets deliveries reach loopback addresses (127.0.0.0/8, ::1): for tests and a cluster on one machine.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Lets deliveries reach private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): for an intranet deployment.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Lets webhook and web-push endpoints be plain http; by default they must be https, as what is sent may carry personal data.</summary>
    public bool AllowHttp { get; set; }
}
