using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>The tenant's live statistics from its aggregator grain, once or a second at a time.</summary>
internal static class StatsEndpoints
{
    private static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapStatsEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/stats").WithTags("Statistics");
        group.MapGet("", GetAsync)
            .WithSummary("Live statistics: the last minute, hour and day, and the last two minutes second by second")
            .Produces<StatsInfo>();
        group.MapGet("/stream", Stream)
            .WithSummary("The same as server-sent events, one 'stats' event a second")
            .Produces<StatsInfo>(contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    private static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains, DeliveryLanes lanes) =>
        Results.Ok(await ReadAsync(TenantFilter.CallerOf(context), grains, lanes));

    private static IResult Stream(HttpContext context, IGrainFactory grains, DeliveryLanes lanes, TimeProvider time, EventStreamSlots slots)
    {
        if (!slots.TryTakeFor(context, TenantFilter.TenantOf(context)))
        {
            return Problems.TooManyStreams(context);
        }
        return TypedResults.ServerSentEvents(Updates(TenantFilter.CallerOf(context), grains, lanes, time, context.Json(), context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Updates(
        ApiCaller caller, IGrainFactory grains, DeliveryLanes lanes, TimeProvider time, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<string>(JsonSerializer.Serialize(await ReadAsync(caller, grains, lanes), json), "stats");
        // Counted from the first update, however long that took (the aggregator's first activation), so they come a second apart.
        using var ticks = new PeriodicTimer(StreamInterval, time);
        while (await NextTickAsync(ticks, cancellationToken))
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(await ReadAsync(caller, grains, lanes), json), "stats");
        }
    }

    /// <summary>False once the client has gone.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer ticks, CancellationToken cancellationToken)
    {
        try
        {
            return await ticks.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<StatsInfo> ReadAsync(ApiCaller caller, IGrainFactory grains, DeliveryLanes lanes)
    {
        var stats = await grains.GetGrain<IStatsGrain>(caller.Tenant).GetAsync();
        return new StatsInfo(
            stats.At,
            caller.May(ApiScopes.Admin) ? Now(lanes) : null,
            ToContract(stats.LastMinute),
            ToContract(stats.LastHour),
            ToContract(stats.LastDay),
            [.. stats.Series.Select(p => new StatsPointInfo(p.At, p.Accepted, p.Sent, p.Delivered, p.Failed, p.AcceptToSentP95Ms, p.FailedByProvider))]);
    }

    /// <summary>The silo's delivery lanes, every tenant's work in them.</summary>
    private static StatsNowInfo Now(DeliveryLanes lanes)
    {
        var waiting = lanes.WaitingByPriority();
        var queued = Enum.GetValues<Priority>().ToDictionary(p => ContractMapping.ToContract(p).ToString().ToLowerInvariant(), p => waiting[(int)p]);
        return new StatsNowInfo(queued, lanes.InFlight);
    }

    private static StatsWindowInfo ToContract(StatsWindow window) => new(
        window.Counts.GroupBy(c => ContractMapping.ToContract(c.Status)).ToDictionary(g => JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Key.ToString()), g => g.Sum(c => c.Count)),
        [.. window.Counts.Select(c => new StatsCountInfo(ContractMapping.ToContract(c.Status), c.Channel, ContractMapping.ToContract(c.Priority), c.Provider, c.Count))],
        ToContract(window.AcceptToSent),
        ToContract(window.AcceptToDelivered),
        [.. window.ByCategory.Select(ToContract)],
        [.. window.ByTemplate.Select(ToContract)]);

    private static LatencyInfo ToContract(LatencyStats latency) => new(latency.Count, latency.P50Ms, latency.P95Ms, latency.P99Ms);

    private static EngagementRateInfo ToContract(EngagementCount count) => new(
        count.Name, count.Delivered, count.Opened, count.Clicked,
        count.Delivered == 0 ? null : (double)count.Opened / count.Delivered,
        count.Delivered == 0 ? null : (double)count.Clicked / count.Delivered);
}
