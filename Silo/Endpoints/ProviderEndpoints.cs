using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>How each configured provider is doing, for every tenant at once: operators only (the admin scope).</summary>
internal static class ProviderEndpoints
{
    public static RouteGroupBuilder MapProviderEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/providers", (ProviderHealth health) => Results.Ok(health.Snapshot())).RequireScope(ApiScopes.Admin)
            .WithTags("Providers")
            .WithSummary("Each provider's circuit, last configuration error and counts of sends")
            .Produces<IReadOnlyList<ProviderStatus>>();
        v1.MapGet("/webpush/public-key", (ProviderChains chains) =>
                chains.SettingsOfType<VapidSettings>("vapid", WebPushChannelGrain.Route).FirstOrDefault() is { } vapid
                    ? Results.Ok(new { public_key = vapid.PublicKey() })
                    : Problems.NotFound("A web push provider"))
            .WithTags("Providers")
            .WithSummary("The VAPID public key browsers subscribe with (PushManager.subscribe's applicationServerKey)");
        return v1;
    }
}
