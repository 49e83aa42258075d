namespace Notifications.Client;

/// <summary>
/// How a .NET service joins the cluster as an Orleans client: the silos' own <c>Notifications:Orleans</c> settings
/// (with <c>Notifications:Storage</c> and <c>Notifications:Streams</c>, which say where membership and the streams
/// are), and the tenant it sends for.
/// </summary>
public sealed class NotificationsClusterOptions : ClusterSettings
{
    public string Tenant { get; set; } = "default";

    /// <summary>How often a call is retried after a gateway it could not reach, a 429 or a 503; sends keep their idempotency key.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
