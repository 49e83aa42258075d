using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notifications.Grains;

/// <summary>
/// Carries notifications' delivery events to their tenant's statistics and message log: grains hand each event over
/// without waiting, and the pump sends them on in numbered batches, each tenant's in order, gathering for a quarter of a
/// second before each (so that under load each tenant's statistics and message log take a few batches a second, not one
/// per event), counted by second and folded into a row per notification on the way.
/// A batch the stream does not take is sent again, about a second later, until it is taken, while other tenants'
/// batches go on: no event is dropped between a grain and its aggregator while the silo runs, and the aggregator
/// counts a batch sent twice once.
/// </summary>
public sealed partial class DeliveryEventPump(IClusterClient cluster, ILogger<DeliveryEventPump> logger) : BackgroundService
{
    private const int MaxBatch = 1_000;

    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(250);

    private readonly Channel<(string Tenant, DeliveryEvent Event)> _events = Channel.CreateUnbounded<(string, DeliveryEvent)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Names this pump's batches apart from other silos' (a restarted silo's pump counts from one again under a new name).</summary>
    private readonly Guid _source = Guid.NewGuid();

    public void Publish(string tenant, DeliveryEvent deliveryEvent) => _events.Writer.TryWrite((tenant, deliveryEvent));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var streams = cluster.GetStreamProvider(StatsStreams.Provider);
        var reader = _events.Reader;
        var sequences = new Dictionary<string, long>(StringComparer.Ordinal);
        // A tenant's batch the stream did not take waits here, in order, while other tenants' batches go on.
        var waiting = new Dictionary<string, Queue<DeliveryEventBatch>>(StringComparer.Ordinal);
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var byTenant = new Dictionary<string, DeliveryEventBatchBuilder>(StringComparer.Ordinal);
        var behind = false;
        while (waiting.Count > 0 ? await WaitOrRetryAsync(reader, stoppingToken) : await reader.WaitToReadAsync(stoppingToken))
        {
            // The single-reader channel cannot count what it holds: a full batch last time says the pump is behind,
            // and then it does not wait.
            if (!behind)
            {
                // Stopping cuts the gathering short, not the batch: what was gathered is still sent.
                await Task.Delay(GatherFor, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var n = 0;
            for (; n < MaxBatch && reader.TryRead(out var item); n++)
            {
                if (!byTenant.TryGetValue(item.Tenant, out var gathered))
                {
                    byTenant[item.Tenant] = gathered = new DeliveryEventBatchBuilder();
                }

                gathered.Add(item.Event);
            }

            behind = n == MaxBatch;

            foreach (var (tenant, gathered) in byTenant)
            {
                var sequence = sequences[tenant] = sequences.GetValueOrDefault(tenant) + 1;
                if (!waiting.TryGetValue(tenant, out var queue))
                {
                    waiting[tenant] = queue = new Queue<DeliveryEventBatch>();
                }

                queue.Enqueue(gathered.Build(_source, sequence));
            }

            byTenant.Clear();
            foreach (var (tenant, queue) in waiting)
            {
                while (queue.TryPeek(out var next))
                {
                    try
                    {
                        await streams.GetStream<DeliveryEventBatch>(StatsStreams.For(tenant)).OnNextAsync(next);
                        queue.Dequeue();
                        failures.Remove(tenant);
                    }
                    catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        failures[tenant] = failures.GetValueOrDefault(tenant) + 1;
                        LogRetry(logger, exception, next.Rows?.Count ?? next.Events.Count, tenant, failures[tenant]);
                        break;
                    }
                }

                if (queue.Count == 0)
                {
                    waiting.Remove(tenant);
                }
            }
        }
    }

    /// <summary>While some tenant's batch waits to be sent again: new events, or a second, whichever comes first.</summary>
    private static async Task<bool> WaitOrRetryAsync(ChannelReader<(string, DeliveryEvent)> reader, CancellationToken stoppingToken)
    {
        using var retry = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        retry.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            return await reader.WaitToReadAsync(retry.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return true;
        }
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "A batch of delivery events of tenant {Tenant} ({Count} notifications) was not taken (attempt {Attempt}); it will be sent again")]
    private static partial void LogRetry(ILogger logger, Exception exception, int count, string tenant, int attempt);
}
