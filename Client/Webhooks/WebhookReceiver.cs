using System.Text.Json;
using Notifications.Grains;

namespace Notifications.Client;

/// <summary>
/// For an application that receives this service's webhooks: checks a request's Standard Webhooks signature against
/// the endpoint's <c>whsec_</c> secret and reads the notification it carries. Pass the raw body as received: a body
/// parsed and written again no longer matches its signature.
/// </summary>
public sealed class WebhookReceiver
{
    /// <summary>How far a request's timestamp may be from now: older ones are refused as replays.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;

    /// <param name="secret">The endpoint's secret, as the service showed it when it was set or rotated.</param>
    public WebhookReceiver(string secret, TimeProvider? time = null, TimeSpan? tolerance = null)
    {
        if (!WebhookSecret.TryParse(secret, out var key))
        {
            throw new ArgumentException("Not a Standard Webhooks secret: whsec_ and the base64 of at least 24 bytes.", nameof(secret));
        }

        (_key, _time, _tolerance) = (key, time ?? TimeProvider.System, tolerance ?? DefaultTolerance);
    }

    /// <summary>Whether the request is one the service signed with this secret, recently: its three headers and body.</summary>
    public bool IsAuthentic(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body) =>
        webhookId is { Length: > 0 } && webhookTimestamp is not null && webhookSignature is not null
        && WebhookSignature.Verify(_key, webhookId, webhookTimestamp, webhookSignature, body, _time.GetUtcNow(), _tolerance);

    /// <summary>
    /// The event a request to an event endpoint carries, once its signature holds. Its <c>event_id</c> (the
    /// <c>webhook-id</c>) is the same when an event comes again (a retry, a replay): dedupe by it.
    /// </summary>
    /// <exception cref="WebhookVerificationException">The signature does not hold, or the body is not an event.</exception>
    public EventMessage ReadEvent(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        if (!IsAuthentic(webhookId, webhookTimestamp, webhookSignature, body))
        {
            throw new WebhookVerificationException("The webhook's signature does not hold for this secret, or its timestamp is too far from now.");
        }

        try
        {
            return JsonSerializer.Deserialize<EventMessage>(body) is { Type: not null, Data: not null } message
                ? message
                : throw new WebhookVerificationException("The webhook's body is not an event.");
        }
        catch (JsonException exception)
        {
            throw new WebhookVerificationException("The webhook's body is not an event.", exception);
        }
    }

    /// <summary>The notification a request carries, once its signature holds.</summary>
    /// <exception cref="WebhookVerificationException">The signature does not hold, or the body is not a notification.</exception>
    public WebhookPayload Read(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        if (!IsAuthentic(webhookId, webhookTimestamp, webhookSignature, body))
        {
            throw new WebhookVerificationException("The webhook's signature does not hold for this secret, or its timestamp is too far from now.");
        }

        try
        {
            return JsonSerializer.Deserialize<WebhookPayload>(body) ?? throw new WebhookVerificationException("The webhook's body is empty.");
        }
        catch (JsonException exception)
        {
            throw new WebhookVerificationException("The webhook's body is not a notification.", exception);
        }
    }
}
