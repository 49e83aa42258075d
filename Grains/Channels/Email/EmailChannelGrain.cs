using System.Net;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

[GrainType("channel-email")]
[StatelessWorker(4)]
[Reentrant]
public sealed class EmailChannelGrain(
    ProviderChains chains,
    MessageContents contents,
    UnsubscribeLinks unsubscribe,
    TrackingLinks tracking,
    PreferenceLinks preferences,
    IOptions<EmailOptions> options) : Grain, IChannelGrain
{
    public const string Route = "email";

    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Email is not { } to)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no reachable email address.");
        }

        var email = options.Value;
        var request = delivery.Request;
        var content = await contents.ForAsync(delivery, ChannelNames.Email, GrainFactory);
        var html = await TrackedAsync(content.EmailHtml ?? Html(content), delivery, email);
        var text = content.Body;
        // After the tracking, so the link is never wrapped: it goes straight to the page.
        if (email.PreferencesLink && preferences.ForMail(request.Tenant, request.UserId) is { } link)
        {
            (html, text) = (WithFooter(html, link), $"{text}\n\n--\nManage your notification preferences: {link}");
        }

        var message = new EmailMessage(
            delivery.NotificationId,
            email.From,
            email.FromName,
            to,
            // A template's data may carry a line break: a Subject stays one line.
            ControlCharacters.ToSpaces(content.EmailSubject ?? MessageContent.DefaultSubject(content.Title, content.Body)),
            text,
            html,
            Headers(delivery, email),
            request.Tenant);
        return await chains.For<EmailMessage>(Route).SendAsync(message, request.Mode != DeliveryMode.AtMostOnce, CancellationToken.None);
    }

    private Dictionary<string, string> Headers(Delivery delivery, EmailOptions email)
    {
        var request = delivery.Request;
        var domain = email.From.Split('@') is [_, var host] ? host : "localhost";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // Stable across attempts, so that a repeated send is recognisable as the same message.
            ["Message-ID"] = $"<{delivery.NotificationId}@{domain}>",
            ["X-Notification-Id"] = delivery.NotificationId,
        };
        var bulk = request.Priority == Priority.Low || (request.Category is { } category && email.BulkCategories.Contains(category, StringComparer.OrdinalIgnoreCase));
        if (bulk && unsubscribe.For(request.Tenant, request.UserId, request.Category, delivery.NotificationId) is { } link)
        {
            headers["List-Unsubscribe"] = email.UnsubscribeMailto is { Length: > 0 } mailto ? $"<{link}>, <mailto:{mailto}?subject=unsubscribe>" : $"<{link}>";
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
        }

        return headers;
    }

    /// <summary>A link to a domain the tenant does not allow is left as it is: the recipient still sees where it goes.</summary>
    private async Task<string> TrackedAsync(string html, Delivery delivery, EmailOptions email)
    {
        var (tenant, userId, id) = (delivery.Request.Tenant, delivery.Request.UserId, delivery.NotificationId);
        var settings = email.TrackClicks ? await GrainFactory.GetGrain<ITenantSettingsGrain>(tenant).GetAsync() : TenantSettings.Default;
        return EmailTracking.Instrument(
            html,
            email.TrackOpens ? tracking.OpenPixel(tenant, userId, id) : null,
            target => email.TrackClicks && Uri.TryCreate(target, UriKind.Absolute, out var uri) && settings.AllowsRedirectTo(uri) ? tracking.Click(tenant, userId, id, target) : null);
    }

    private static string WithFooter(string html, string link)
    {
        var footer = $"<p style=\"font-size:12px;color:#666666\"><a href=\"{WebUtility.HtmlEncode(link)}\">Manage your notification preferences</a></p>";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + footer : html.Insert(end, footer);
    }

    private static string Html(MessageContent content)
    {
        var paragraphs = content.Body.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p).Replace("\n", "<br>")}</p>");
        var heading = content.Title is { Length: > 0 } title ? $"<h1>{WebUtility.HtmlEncode(title)}</h1>" : "";
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{heading}{string.Concat(paragraphs)}</body></html>";
    }
}
