using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// One call at the front door, whichever way it came: over HTTP, or from a .NET service in the cluster through the
/// gateway grain. The endpoints' rules are written once against it.
/// </summary>
internal sealed class FrontDoorCall(string tenant, IServiceProvider services, string? idempotencyKey, HttpContext? http, CancellationToken aborted)
{
    public string Tenant => tenant;

    public IServiceProvider Services => services;

    public string? IdempotencyKey => idempotencyKey;

    public CancellationToken Aborted => aborted;

    public DateTimeOffset Now => services.GetRequiredService<TimeProvider>().GetUtcNow();

    public IReadOnlyList<string> Channels => services.GetRequiredService<ChannelCatalog>().Available;

    public static FrontDoorCall Of(HttpContext context) =>
        new(TenantFilter.TenantOf(context), context.RequestServices, NotificationEndpoints.HeaderKey(context), context, context.RequestAborted);

    public static FrontDoorCall Inside(string tenant, IServiceProvider services, string? idempotencyKey) =>
        new(tenant, services, idempotencyKey, http: null, CancellationToken.None);

    /// <summary>What the answer says beside its body, kept for the gateway grain to pass on as HTTP passes it in headers.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What an HTTP answer says beside its body (<c>Retry-After</c>, <c>Idempotent-Replayed</c>).</summary>
    public void SetHeader(string name, string value)
    {
        Headers[name] = value;
        if (http is not null)
        {
            http.Response.Headers[name] = value;
        }
    }
}
