using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>How each configured provider is doing: for operators, behind an API key like the rest of /v1.</summary>
internal static class ProviderEndpoints
{
    public static RouteGroupBuilder MapProviderEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/providers", (ProviderHealth health) => Results.Ok(health.Snapshot()))
            .WithTags("Providers")
            .WithSummary("Each provider's circuit, last configuration error and counts of sends")
            .Produces<IReadOnlyList<ProviderStatus>>();
        return v1;
    }
}
