namespace Notifications.Client;

/// <summary>What silos and their Orleans clients agree on to find each other (<c>Notifications:Orleans</c>).</summary>
public class ClusterSettings
{
    public const string SectionName = "Notifications:Orleans";

    public string ClusterId { get; set; } = "notifications";

    public string ServiceId { get; set; } = "notifications";

    /// <summary>Where Orleans clients (other .NET services) connect to a silo; on the embedded default, the one they use.</summary>
    public int GatewayPort { get; set; } = 30000;
}
