namespace Notifications.Grains;

/// <summary>
/// Where the silos tell each other how much work waits on each: every silo reports its lanes' backlog each second and
/// hears the cluster's, so that a front door refuses work when the cluster is behind, not only its own silo. Kept in
/// memory: a silo that stops reporting for a few seconds has gone.
/// </summary>
[Alias("Notifications.Grains.IClusterLoadGrain")]
public interface IClusterLoadGrain : IGrainWithIntegerKey
{
    [Alias("ReportAsync")]
    Task<ClusterBacklog> ReportAsync(SiloAddress silo, int backlog);
}
