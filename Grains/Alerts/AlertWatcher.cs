using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>Reports what this silo sees of the service's health to <see cref="IServiceAlertsGrain"/> every <see cref="AlertOptions.CheckEvery"/>.</summary>
internal sealed partial class AlertWatcher(
    IGrainFactory grains,
    ILocalSiloDetails local,
    ProviderHealth health,
    DeliveryLanes lanes,
    IOptions<AlertOptions> options,
    ILogger<AlertWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.GetGrain<IServiceAlertsGrain>(0).ReportAsync(local.SiloAddress, Report());
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogNotReported(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private SiloHealthReport Report()
    {
        var providers = health.Snapshot();
        var open = providers.Where(p => p.CircuitOpen).Select(p => (p.Route, p.Provider)).ToArray();
        var down = providers.GroupBy(p => p.Route).Where(route => route.All(p => p.CircuitOpen)).Select(route => route.Key).ToArray();
        return new SiloHealthReport(open, down, lanes.Backlog);
    }

    [LoggerMessage(EventId = 2620, Level = LogLevel.Debug, Message = "This silo's health could not be reported for the service's alerts")]
    private static partial void LogNotReported(ILogger logger, Exception exception);
}
