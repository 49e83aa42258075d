using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notifications.Grains;

/// <summary>Tells the cluster this silo's backlog every second, and this silo's lanes the cluster's (<see cref="IClusterLoadGrain"/>).</summary>
internal sealed partial class ClusterBacklogWatcher(IGrainFactory grains, ILocalSiloDetails local, DeliveryLanes lanes, ILogger<ClusterBacklogWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    lanes.HearClusterBacklog(await grains.GetGrain<IClusterLoadGrain>(0).ReportAsync(local.SiloAddress, lanes.Backlog));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Until the cluster answers again, this silo's lanes go by their own backlog.
                    LogNotHeard(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 2900, Level = LogLevel.Debug, Message = "The cluster's backlog could not be heard")]
    private static partial void LogNotHeard(ILogger logger, Exception exception);
}
