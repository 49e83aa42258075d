using System.Net;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// The one-click unsubscribe links of bulk mail (RFC 8058). The signed token is the only credential: a POST
/// unsubscribes at once; a GET, which mail scanners prefetch, only shows a page with the button.
/// </summary>
internal static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/u/{token}", Show).ExcludeFromDescription();
        app.MapPost("/u/{token}", UnsubscribeAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static IResult Show(string token, HttpContext context, UnsubscribeLinks links)
    {
        if (!links.TryRead(token, out var link))
        {
            return Page(context, HttpStatusCode.NotFound, "This unsubscribe link is not valid.", form: null);
        }

        var what = link.Category is not { } category ? "these emails" : $"emails about {WebUtility.HtmlEncode(category)}";
        return Page(context, HttpStatusCode.OK, $"Stop receiving {what}?", $"<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    private static async Task<IResult> UnsubscribeAsync(string token, HttpContext context, UnsubscribeLinks links, IGrainFactory grains)
    {
        if (!links.TryRead(token, out var link))
        {
            return Page(context, HttpStatusCode.NotFound, "This unsubscribe link is not valid.", form: null);
        }

        // Recorded against the message it came in, which opts the user out of what that message was; a link made
        // before links named their message, or one whose message is gone, opts out of what it names.
        if (link.NotificationId is { } notificationId && NotificationEndpoints.IsNotificationId(notificationId)
            && await grains.GetGrain<INotificationGrain>(notificationId).TrackEngagementAsync(link.Tenant, link.UserId, EngagementAction.Unsubscribed))
        {
            return Page(context, HttpStatusCode.OK, "You are unsubscribed.", form: null);
        }

        var (tenant, userId, category) = (link.Tenant, link.UserId, link.Category);
        var update = category is null
            ? new PreferenceUpdate(Channels: new Dictionary<string, bool> { [ChannelNames.Email] = false })
            : new PreferenceUpdate(Categories: new Dictionary<string, bool> { [category] = false });
        // A user erased since has nothing left to unsubscribe from: the answer is the same, and no one is made again.
        await grains.GetGrain<IUserGrain>(UserKey.For(tenant, userId)).OptOutAsync(update, evenIfNew: false);
        return Page(context, HttpStatusCode.OK, "You are unsubscribed.", form: null);
    }

    /// <summary>The page, with a policy that lets it do nothing but post its own form, and no other site frame it.</summary>
    private static IResult Page(HttpContext context, HttpStatusCode status, string heading, string? form)
    {
        LinkPages.Protect(context);
        return Results.Content(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Unsubscribe</title></head><body><h1>{heading}</h1>{form}</body></html>",
            "text/html; charset=utf-8",
            statusCode: (int)status);
    }
}
