using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// Carries notifications' delivery events to their tenant's statistics: grains hand each event over without waiting,
/// and the pump sends them on in batches, each tenant's in order. A batch the stream does not take is sent again
/// until it is taken: no event is dropped between a grain and its aggregator while the silo runs.
/// </summary>
public sealed partial class DeliveryEventPump(IClusterClient cluster, ILogger<DeliveryEventPump> logger) : BackgroundService
{
    private const int MaxBatch = 10_000;

    private readonly Channel<(string Tenant, DeliveryEvent Event)> _events = Channel.CreateUnbounded<(string, DeliveryEvent)>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(string tenant, DeliveryEvent deliveryEvent) => _events.Writer.TryWrite((tenant, deliveryEvent));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var streams = cluster.GetStreamProvider(InboxStreams.Provider);
        var reader = _events.Reader;
        var byTenant = new Dictionary<string, List<DeliveryEvent>>(StringComparer.Ordinal);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            for (var n = 0; n < MaxBatch && reader.TryRead(out var item); n++)
            {
                if (!byTenant.TryGetValue(item.Tenant, out var events))
                {
                    byTenant[item.Tenant] = events = [];
                }

                events.Add(item.Event);
            }

            foreach (var (tenant, events) in byTenant)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await streams.GetStream<DeliveryEventBatch>(StatsStreams.For(tenant)).OnNextAsync(new DeliveryEventBatch(events));
                        break;
                    }
                    catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        LogRetry(logger, exception, events.Count, tenant, attempt);
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * attempt)), stoppingToken);
                    }
                }
            }

            byTenant.Clear();
        }
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "{Count} delivery events of tenant {Tenant} were not taken (attempt {Attempt}); sending them again")]
    private static partial void LogRetry(ILogger logger, Exception exception, int count, string tenant, int attempt);
}
