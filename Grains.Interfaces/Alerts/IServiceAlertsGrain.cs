namespace Notifications.Grains;

/// <summary>
/// Raises and resolves the service's alerts (provider circuits, channels down, a growing backlog) from what every silo
/// reports; one for the cluster, key 0.
/// </summary>
[Alias("Notifications.Grains.IServiceAlertsGrain")]
public interface IServiceAlertsGrain : IGrainWithIntegerKey
{
    [Alias("ReportAsync")]
    Task ReportAsync(SiloAddress silo, SiloHealthReport report);

    [AlwaysInterleave]
    [Alias("ActiveAsync")]
    Task<IReadOnlyList<ActiveAlert>> ActiveAsync();
}
