using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Where providers report what became of what they took. No API key guards these: each provider's own signature
/// does, checked with the credentials of the provider named in the path.
/// </summary>
internal static class CallbackEndpoints
{
    /// <summary>How far a signed SendGrid batch's time may be from ours: older ones are replays, not news.</summary>
    private static readonly TimeSpan SendGridEventsFreshFor = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapCallbackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/callbacks").ExcludeFromDescription().DisableAntiforgery();
        group.MapPost("/twilio/{provider}", TwilioAsync);
        group.MapPost("/sendgrid/{provider}", SendGridAsync);
        return app;
    }

    private static async Task<IResult> TwilioAsync(string provider, HttpContext context, ProviderChains chains, IOptions<ServiceUrlOptions> urls, IGrainFactory grains, TimeProvider time)
    {
        if (chains.SettingsOf<TwilioSettings>("twilio", provider, SmsChannelGrain.Route, VoiceChannelGrain.Route) is not { } settings)
        {
            return Problems.NotFound($"Twilio provider '{provider}'");
        }

        if (settings.AuthToken is not { Length: > 0 })
        {
            // Twilio signs callbacks with the account's auth token only: an API key cannot check them, and an empty key
            // would let anyone sign.
            return Problems.Forbidden($"Twilio provider '{provider}' has no AuthToken configured, so its callbacks cannot be checked and are refused.");
        }

        if (!context.Request.HasFormContentType)
        {
            // Twilio posts its callbacks as a form; reading anything else as one throws (a 500).
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "A Twilio callback is a form (Content-Type: application/x-www-form-urlencoded).");
        }

        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        // Twilio signs the URL it was given, which is the public one, whatever a proxy made of it on the way.
        var request = context.Request;
        var url = urls.Value.PublicBaseUrl is { } baseUrl
            ? new Uri(baseUrl, $"{request.PathBase}{request.Path}{request.QueryString}").AbsoluteUri
            : $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
        if (!TwilioSignature.IsValid(settings.AuthToken, url, form, request.Headers["X-Twilio-Signature"].ToString()))
        {
            return Problems.Forbidden("The X-Twilio-Signature does not match this request.");
        }

        if ((form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("CallSid")) is not { Length: > 0 } sid)
        {
            return Problems.Invalid("MessageSid", "A status callback names the message (MessageSid) or call (CallSid) it is about.");
        }

        var status = form.GetValueOrDefault("MessageStatus") ?? form.GetValueOrDefault("CallStatus");
        var reason = form.TryGetValue("ErrorCode", out var code) ? $"Twilio error {code} (status {status})." : $"Twilio status {status}.";
        ProviderEventKind? kind = (status, code) switch
        {
            ("delivered" or "read" or "completed", _) => ProviderEventKind.Delivered,
            // Unknown destination, landline or unreachable carrier: the number will never take it.
            ("undelivered" or "failed", "30005" or "30006") => ProviderEventKind.Bounced,
            ("undelivered" or "failed" or "busy" or "no-answer" or "canceled", _) => ProviderEventKind.Failed,
            _ => null,
        };
        if (kind is { } reported && request.Query["notification_id"].ToString() is { Length: > 0 } notificationId)
        {
            await grains.GetGrain<INotificationGrain>(notificationId)
                .RecordProviderEventAsync(new ProviderEvent(provider, sid, reported, reason, time.GetUtcNow(), form.GetValueOrDefault("To")));
        }

        return Results.NoContent();
    }

    private static async Task<IResult> SendGridAsync(string provider, HttpContext context, ProviderChains chains, IGrainFactory grains, TimeProvider time)
    {
        if (chains.SettingsOf<SendGridSettings>("sendgrid", provider, EmailChannelGrain.Route) is not { WebhookVerificationKey: { Length: > 0 } key })
        {
            return Problems.NotFound($"SendGrid provider '{provider}' with a WebhookVerificationKey");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        if (!SendGridEventSignature.IsValid(key, headers[SendGridEventSignature.TimestampHeader].ToString(), body, headers[SendGridEventSignature.SignatureHeader].ToString()))
        {
            return Problems.Forbidden("The event webhook signature does not match this request.");
        }

        // The timestamp is signed with the body: a batch recorded and sent again later is recognised by it.
        if (!long.TryParse(headers[SendGridEventSignature.TimestampHeader].ToString(), out var signedAt)
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(signedAt)).Duration() > SendGridEventsFreshFor)
        {
            return Problems.Forbidden($"The event batch was signed more than {SendGridEventsFreshFor.TotalMinutes} minutes from now: a replay is refused.");
        }

        JsonElement events;
        try
        {
            events = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["$"] = ["A JSON array of SendGrid events."] });
        }

        foreach (var item in events.ValueKind == JsonValueKind.Array ? events.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            if (Text(item, "notification_id") is not { Length: > 0 } notificationId || Kind(item) is not { } kind)
            {
                continue;
            }

            var at = item.TryGetProperty("timestamp", out var timestamp) && timestamp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UtcNow;
            var reason = Text(item, "reason") ?? Text(item, "response") ?? Text(item, "event");
            await grains.GetGrain<INotificationGrain>(notificationId)
                .RecordProviderEventAsync(new ProviderEvent(provider, Text(item, "sg_message_id"), kind, reason, at, Text(item, "email")));
        }

        return Results.Ok();
    }

    private static ProviderEventKind? Kind(JsonElement item) => (Text(item, "event"), Text(item, "type")) switch
    {
        ("delivered", _) => ProviderEventKind.Delivered,
        // A block is the receiving server's refusal for now (reputation, content), not a dead mailbox.
        ("bounce", "blocked") => ProviderEventKind.Failed,
        ("bounce", _) => ProviderEventKind.Bounced,
        ("dropped", _) => ProviderEventKind.Failed,
        ("open", _) => ProviderEventKind.Opened,
        ("click", _) => ProviderEventKind.Clicked,
        ("spamreport" or "unsubscribe" or "group_unsubscribe", _) => ProviderEventKind.Unsubscribed,
        _ => null,
    };

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
