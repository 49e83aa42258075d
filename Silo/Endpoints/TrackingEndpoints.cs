using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// The open pixel and click redirects of email. The sealed token is the only credential: a forged or altered one
/// is a 404, never a redirect, and a click leads only where the message pointed and the tenant allows
/// (<see cref="TenantSettings.RedirectDomains"/>), so these links cannot be used to send anyone elsewhere.
/// </summary>
internal static class TrackingEndpoints
{
    /// <summary>The smallest transparent GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t/o/{token}", OpenAsync).ExcludeFromDescription();
        app.MapGet("/t/c/{token}", ClickAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> OpenAsync(string token, HttpContext context, TrackingLinks links, IGrainFactory grains)
    {
        if (!links.TryReadOpen(token, out var link))
        {
            return Results.NotFound();
        }

        if (link.Current)
        {
            await RecordAsync(grains, link, EngagementAction.Opened);
        }

        // Each open is asked of the service, not of a cache on the way.
        context.Response.Headers.CacheControl = "no-store, max-age=0";
        return Results.File(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(string token, TrackingLinks links, IGrainFactory grains)
    {
        if (!links.TryReadClick(token, out var link) || !Uri.TryCreate(link.Target, UriKind.Absolute, out var target)
            || !(await grains.GetGrain<ITenantSettingsGrain>(link.Tenant).GetAsync()).AllowsRedirectTo(target))
        {
            return Results.NotFound();
        }

        if (link.Current)
        {
            await RecordAsync(grains, link, EngagementAction.Clicked);
        }

        return Results.Redirect(target.AbsoluteUri);
    }

    /// <summary>A link outlives what it points at: a notification erased or gone still lets the recipient through.</summary>
    private static Task RecordAsync(IGrainFactory grains, TrackedLink link, EngagementAction action) =>
        NotificationEndpoints.IsNotificationId(link.NotificationId)
            ? grains.GetGrain<INotificationGrain>(link.NotificationId).TrackEngagementAsync(link.Tenant, link.UserId, action)
            : Task.CompletedTask;
}
