using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Hands the events of a tenant's notifications to its event log, and only those some endpoint of the tenant wants:
/// a tenant without endpoints pays one cached lookup per step. The tenant's endpoints are read at most once per
/// <see cref="EventWebhookOptions.EndpointsCacheFor"/> on each silo.
/// </summary>
public sealed partial class EventPublisher(IGrainFactory grains, TimeProvider time, IOptions<EventWebhookOptions> options, ILogger<EventPublisher> logger)
{
    private readonly ConcurrentDictionary<string, (Task<IReadOnlyList<EventEndpoint>> Read, long At)> _endpoints = new(StringComparer.Ordinal);

    public ValueTask<IReadOnlyList<EventEndpoint>> EndpointsOfAsync(string tenant)
    {
        if (_endpoints.TryGetValue(tenant, out var cached) && !cached.Read.IsFaulted && !cached.Read.IsCanceled
            && time.GetElapsedTime(cached.At) < options.Value.EndpointsCacheFor)
        {
            return cached.Read.IsCompletedSuccessfully ? new(cached.Read.Result) : new(cached.Read);
        }

        var read = grains.GetGrain<IEventEndpointsGrain>(tenant).ListAsync();
        _endpoints[tenant] = (read, time.GetTimestamp());
        return new(read);
    }

    /// <summary>The tenant's endpoints changed: the next lookup on this silo reads them again.</summary>
    public void Forget(string tenant) => _endpoints.TryRemove(tenant, out _);

    /// <summary>
    /// Appends the events any endpoint of the tenant wants to the tenant's log, durably: how many that was, or null when
    /// that failed and the caller keeps them to publish again (their ids stay the same, so a repeat is recognised).
    /// </summary>
    /// <param name="events">Made only when the tenant has endpoints: most tenants pay nothing for events nobody wants.</param>
    public async Task<int?> TryPublishAsync(string tenant, Func<IReadOnlyList<TenantEvent>> events)
    {
        var count = 0;
        try
        {
            var endpoints = await EndpointsOfAsync(tenant);
            if (endpoints.Count == 0)
            {
                return 0;
            }

            var made = events();
            count = made.Count;

            var parts = options.Value.Parts;
            var wanted = made.Where(e => endpoints.Any(endpoint => endpoint.Wants(e.Type))).ToArray();
            await Task.WhenAll(wanted
                .GroupBy(e => StableHash.PartOf(e.OrderKey, parts))
                .Select(part => grains.GetGrain<IEventLogGrain>(EventKeys.Log(tenant, part.Key)).AppendAsync([.. part])));
            return wanted.Length;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotPublished(logger, exception, count, tenant);
            return null;
        }
    }

    [LoggerMessage(EventId = 2600, Level = LogLevel.Warning, Message = "{Count} events of tenant {Tenant} could not be logged for its event endpoints; they will be published again")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, int count, string tenant);
}
