using System.Globalization;
using System.Net;
using System.Text;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// The preference centre: a page where the person who receives the notifications sees the channels and categories the
/// tenant offers, turns them on and off, sets quiet hours or opts out of all but what is critical. The link's token is
/// the only credential (<see cref="PreferenceLinks"/>). Plain HTML forms: no script, keyboard and screen readers work
/// as they do with any form, and the policy lets the page do nothing but post to itself.
/// </summary>
internal static class PreferenceCentreEndpoints
{
    private const string TimeFormat = "HH:mm";

    /// <summary>Channels a person chooses between; the log and webhooks are the tenant's plumbing, not theirs.</summary>
    private static readonly string[] PersonalChannels =
        [ChannelNames.Email, ChannelNames.Sms, ChannelNames.Voice, ChannelNames.Push, ChannelNames.WebPush, ChannelNames.InApp];

    public static IEndpointRouteBuilder MapPreferenceCentre(this IEndpointRouteBuilder app)
    {
        app.MapGet("/preferences/{token}", ShowAsync).ExcludeFromDescription();
        app.MapPost("/preferences/{token}", SaveAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static RouteGroupBuilder MapPreferenceLinkEndpoint(this RouteGroupBuilder v1)
    {
        v1.MapPost("/users/{userId}/preferences/token", IssueLink)
            .WithTags("Users")
            .WithSummary("A link to the user's preference centre, valid 30 days")
            .WithDescription("Whoever holds the link may see and change this user's preferences, and nothing else, until it expires: put it in your own pages or mail.")
            .Produces<PreferenceLinkInfo>()
            .ProducesValidationProblem();
        return v1;
    }

    private static IResult IssueLink(string userId, HttpContext context, PreferenceLinks links)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var (token, url, expiresAt) = links.Issue(TenantFilter.TenantOf(context), userId, PreferenceLinks.DefaultLifetime);
        return Results.Ok(new PreferenceLinkInfo(token, url, expiresAt));
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext context, PreferenceLinks links, IGrainFactory grains, ChannelCatalog channels)
    {
        if (await ReadAsync(token, links, grains) is not { } centre)
        {
            return Gone(context);
        }

        return Page(context, HttpStatusCode.OK, centre.Text, Form(centre, await OfferedAsync(centre, grains, channels), status: null));
    }

    private static async Task<IResult> SaveAsync(string token, HttpContext context, PreferenceLinks links, IGrainFactory grains, ChannelCatalog channels)
    {
        if (await ReadAsync(token, links, grains) is not { } centre)
        {
            return Gone(context);
        }

        if (!context.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var offered = await OfferedAsync(centre, grains, channels);
        var chosenChannels = form["channel"].ToHashSet(StringComparer.Ordinal);
        var chosenCategories = form["category"].ToHashSet(StringComparer.Ordinal);
        var (start, end) = (form["quiet_start"].ToString(), form["quiet_end"].ToString());
        QuietHours? quietHours = null;
        if (start.Length > 0 || end.Length > 0)
        {
            if (!TimeOnly.TryParseExact(start, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(end, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || from == to)
            {
                return Page(context, HttpStatusCode.BadRequest, centre.Text, Form(centre, offered, centre.Text["bad_quiet_hours"]));
            }

            quietHours = new QuietHours(from, to);
        }

        var update = new PreferenceUpdate(
            Channels: offered.Channels.ToDictionary(c => c, chosenChannels.Contains, StringComparer.Ordinal),
            Categories: offered.Categories.Where(c => !c.Policy.Critical).ToDictionary(c => c.Name, c => chosenCategories.Contains(c.Name), StringComparer.Ordinal),
            QuietHours: quietHours,
            ClearQuietHours: quietHours is null,
            OptedOut: form["opted_out"] == "true");
        // A person's own choice, never refused for the limits; and a user erased while the form was on its way is
        // not made again.
        var user = grains.GetGrain<IUserGrain>(UserKey.For(centre.Tenant, centre.UserId));
        if (!await user.OptOutAsync(update, evenIfNew: false))
        {
            return Gone(context);
        }

        var saved = centre with { Profile = await user.GetAsync() };
        return Page(context, HttpStatusCode.OK, saved.Text, Form(saved, offered, saved.Text["saved"]));
    }

    /// <summary>The user a live token names, as long as that user exists: a link outlives nobody's erasure.</summary>
    private static async Task<Centre?> ReadAsync(string token, PreferenceLinks links, IGrainFactory grains)
    {
        if (!links.TryRead(token, out var tenant, out var userId))
        {
            return null;
        }

        var profile = await grains.GetGrain<IUserGrain>(UserKey.For(tenant, userId)).GetAsync();
        return profile.Exists
            ? new Centre(tenant, userId, profile, new PreferenceCentreText(await grains.GetGrain<ITenantSettingsGrain>(tenant).GetAsync(), profile.Language))
            : null;
    }

    private static async Task<(IReadOnlyList<string> Channels, IReadOnlyList<CategoryDefinition> Categories)> OfferedAsync(
        Centre centre, IGrainFactory grains, ChannelCatalog channels)
    {
        var available = channels.Available.ToHashSet(StringComparer.Ordinal);
        var defined = await grains.GetGrain<ICategoriesGrain>(centre.Tenant).ListAsync();
        // Categories the tenant defined, and any other the user has a choice recorded for.
        var categories = defined.Concat(centre.Profile.Categories.Keys
                .Where(name => defined.All(d => d.Name != name))
                .Select(name => new CategoryDefinition(name, null, new CategoryPolicy(), DateTimeOffset.MinValue)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();
        return (PersonalChannels.Where(available.Contains).ToArray(), categories);
    }

    private static string Form(Centre centre, (IReadOnlyList<string> Channels, IReadOnlyList<CategoryDefinition> Categories) offered, string? status)
    {
        var (offeredChannels, categories) = offered;
        var (profile, text) = (centre.Profile, centre.Text);
        var html = new StringBuilder();
        if (status is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p role=\"status\">{Encode(status)}</p>");
        }

        html.Append("<form method=\"post\">");
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Encode(text["channels"])}</legend>");
        foreach (var channel in offeredChannels)
        {
            Checkbox(html, $"channel-{channel}", "channel", channel, text[PreferenceCentreText.ChannelPrefix + channel], on: !profile.DisabledChannels.Contains(channel), disabled: false, note: null);
        }

        html.Append("</fieldset>");
        if (categories.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Encode(text["categories"])}</legend>");
            foreach (var category in categories)
            {
                var critical = category.Policy.Critical;
                Checkbox(html, $"category-{category.Name}", "category", category.Name, text.Category(category),
                    on: critical || profile.Categories.GetValueOrDefault(category.Name, true), disabled: critical, note: critical ? text["always_sent"] : null);
            }

            html.Append("</fieldset>");
        }

        var quiet = profile.QuietHours;
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Encode(text["quiet_hours"])}</legend>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"note\" id=\"quiet-note\">{Encode(text["quiet_hours_note"])} ({Encode(profile.TimeZone ?? "UTC")})</p>")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"quiet-start\">{Encode(text["from"])}</label> <input type=\"time\" id=\"quiet-start\" name=\"quiet_start\" aria-describedby=\"quiet-note\" value=\"{quiet?.Start.ToString(TimeFormat, CultureInfo.InvariantCulture)}\"></div>")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"quiet-end\">{Encode(text["until"])}</label> <input type=\"time\" id=\"quiet-end\" name=\"quiet_end\" aria-describedby=\"quiet-note\" value=\"{quiet?.End.ToString(TimeFormat, CultureInfo.InvariantCulture)}\"></div>")
            .Append("</fieldset>");
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Encode(text["everything_else"])}</legend>");
        Checkbox(html, "opted-out", "opted_out", "true", text["opt_out"], on: profile.OptedOut, disabled: false, note: null);
        html.Append(CultureInfo.InvariantCulture, $"</fieldset><button type=\"submit\">{Encode(text["save"])}</button></form>");
        return html.ToString();
    }

    private static void Checkbox(StringBuilder html, string id, string name, string value, string label, bool on, bool disabled, string? note)
    {
        var describedBy = note is null ? "" : $" aria-describedby=\"{Encode(id)}-note\"";
        html.Append(CultureInfo.InvariantCulture,
            $"<div><input type=\"checkbox\" id=\"{Encode(id)}\" name=\"{name}\" value=\"{Encode(value)}\"{(on ? " checked" : "")}{(disabled ? " disabled" : "")}{describedBy}> <label for=\"{Encode(id)}\">{Encode(label)}</label>");
        if (note is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" <span class=\"note\" id=\"{Encode(id)}-note\">{Encode(note)}</span>");
        }

        html.Append("</div>");
    }

    private static IResult Gone(HttpContext context)
    {
        var english = new PreferenceCentreText(TenantSettings.Default, language: null);
        return Page(context, HttpStatusCode.NotFound, english, $"<p>{Encode(english["expired"])}</p>");
    }

    /// <summary>The page, allowed its own style and a post to itself, nothing else, and framed by no one.</summary>
    private static IResult Page(HttpContext context, HttpStatusCode status, PreferenceCentreText text, string body)
    {
        var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        LinkPages.Protect(context, styleNonce: nonce);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(
            $"<!DOCTYPE html><html lang=\"{Encode(text.Language)}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<meta name=\"robots\" content=\"noindex\"><title>{Encode(text["heading"])}</title>"
            + $"<style nonce=\"{nonce}\">body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}"
            + "fieldset{margin:1rem 0;border:1px solid #888;border-radius:4px}legend{font-weight:600}.note{color:#444;font-size:.9rem}"
            + "input[type=checkbox]{width:1.1rem;height:1.1rem}button{font-size:1rem;padding:.5rem 1rem}:focus{outline:3px solid #1a5fb4}</style>"
            + $"</head><body><main><h1>{Encode(text["heading"])}</h1>{body}</main></body></html>",
            "text/html; charset=utf-8",
            statusCode: (int)status);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private sealed record Centre(string Tenant, string UserId, UserProfile Profile, PreferenceCentreText Text);
}
