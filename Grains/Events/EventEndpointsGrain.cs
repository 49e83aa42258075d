using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// A tenant's event endpoints. Each is delivered by one grain per part of the tenant's log, started when the endpoint
/// is made and stopped when it is deleted; an activation starts them again, idempotently, so an endpoint stored by a
/// create that crashed before its parts were started is delivered all the same.
/// </summary>
[GrainType(GrainTypeName)]
public sealed class EventEndpointsGrain(
    [PersistentState(EventEndpointsGrainState.Name)] IPersistentState<EventEndpointsGrainState> endpoints,
    EventPublisher publisher,
    IOptions<EventWebhookOptions> options,
    TimeProvider time) : Grain, IEventEndpointsGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "eventendpoints";

    /// <summary>After a rotation, how long events are signed with the old secret as well.</summary>
    public static readonly TimeSpan PreviousSecretLasts = TimeSpan.FromDays(1);

    private List<EventEndpoint> Endpoints => endpoints.State.Endpoints;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // One-way wake-ups: a part may be the very caller that activated this grain, waiting for its answer.
        foreach (var endpoint in Endpoints)
        {
            foreach (var part in Parts(endpoint.Id))
            {
                _ = part.WakeAsync();
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EventEndpoint>> ListAsync() => Task.FromResult<IReadOnlyList<EventEndpoint>>([.. Endpoints]);

    public async Task<EventEndpoint?> CreateAsync(string url, IReadOnlyList<string>? types, string? description, string? secret)
    {
        if (Endpoints.Count >= options.Value.MaxEndpoints)
        {
            return null;
        }

        var endpoint = new EventEndpoint("ep_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), url, types is { Count: > 0 } ? types : null, description,
            secret ?? WebhookSecret.Generate(), Enabled: true, time.GetUtcNow());
        // Its parts first, each from the log's head now, so that every event logged once the endpoint is seen reaches it;
        // should the endpoint not be stored, the parts find it missing and stop.
        await EachPartAsync(endpoint.Id, part => part.StartAsync());
        Endpoints.Add(endpoint);
        await endpoints.WriteStateAsync();
        publisher.Forget(this.GetPrimaryKeyString());
        return endpoint;
    }

    public async Task<EventEndpoint?> ChangeAsync(string id, EventEndpointChange change)
    {
        var index = Endpoints.FindIndex(e => e.Id == id);
        if (index < 0)
        {
            return null;
        }

        var endpoint = Endpoints[index];
        var enabledAgain = change.Enabled == true && !endpoint.Enabled;
        endpoint = endpoint with
        {
            Url = change.Url ?? endpoint.Url,
            Types = change.Types is null ? endpoint.Types : change.Types.Count > 0 ? change.Types : null,
            Description = change.Description ?? endpoint.Description,
            Enabled = change.Enabled ?? endpoint.Enabled,
            DisabledBecause = change.Enabled is null ? endpoint.DisabledBecause : null,
        };
        if (change.RotateSecret)
        {
            endpoint = endpoint with { PreviousSecret = endpoint.Secret, PreviousSecretExpiresAt = time.GetUtcNow() + PreviousSecretLasts, Secret = WebhookSecret.Generate() };
        }

        Endpoints[index] = endpoint;
        await endpoints.WriteStateAsync();
        publisher.Forget(this.GetPrimaryKeyString());
        // Enabled again (the receiver was fixed): what waits for a retry is tried now, and the run of failures starts again.
        var now = time.GetUtcNow();
        await EachPartAsync(id, part => enabledAgain ? part.ReplayAsync(now) : part.WakeAsync());
        return endpoint;
    }

    public async Task<bool> DeleteAsync(string id)
    {
        if (Endpoints.RemoveAll(e => e.Id == id) == 0)
        {
            return false;
        }

        await endpoints.WriteStateAsync();
        publisher.Forget(this.GetPrimaryKeyString());
        await EachPartAsync(id, part => part.StopAsync());
        return true;
    }

    public async Task<EventDeliveryStatus?> StatusAsync(string id)
    {
        if (!Endpoints.Exists(e => e.Id == id))
        {
            return null;
        }

        return EventDeliveryStatus.Sum(await Task.WhenAll(Parts(id).Select(part => part.StatusAsync())));
    }

    public async Task<long?> ReplayAsync(string id, DateTimeOffset since)
    {
        if (!Endpoints.Exists(e => e.Id == id))
        {
            return null;
        }

        return (await Task.WhenAll(Parts(id).Select(part => part.ReplayAsync(since)))).Sum();
    }

    public async Task DisableAsync(string id, string reason)
    {
        var index = Endpoints.FindIndex(e => e.Id == id);
        if (index < 0 || !Endpoints[index].Enabled)
        {
            return;
        }

        Endpoints[index] = Endpoints[index] with { Enabled = false, DisabledBecause = reason };
        await endpoints.WriteStateAsync();
        publisher.Forget(this.GetPrimaryKeyString());
    }

    private Task EachPartAsync(string id, Func<IEventDeliveryGrain, Task> call) => Task.WhenAll(Parts(id).Select(call));

    private IEnumerable<IEventDeliveryGrain> Parts(string id)
    {
        var tenant = this.GetPrimaryKeyString();
        return Enumerable.Range(0, options.Value.Parts).Select(part => GrainFactory.GetGrain<IEventDeliveryGrain>(EventKeys.Delivery(tenant, id, part)));
    }
}
