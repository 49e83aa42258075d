using Microsoft.Extensions.Hosting;

namespace Notifications.Grains;

/// <summary>Keeps <see cref="ClusterShare"/> in step with the cluster's membership.</summary>
internal sealed class ClusterShareWatcher(IClusterMembershipService membership, ILocalSiloDetails local, ClusterShare share) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                // This silo counts from the start: before it is active it is already about to send.
                var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)
                    .Append(local.SiloAddress).Distinct().Order().ToList();
                share.Update(active.IndexOf(local.SiloAddress), active.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
