using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>
/// Sends to a browser's push subscription: the payload encrypted per RFC 8291, the request signed with a VAPID
/// token per RFC 8292 (one per push service origin, reused for an hour of its twelve).
/// </summary>
public sealed class VapidWebPushProvider : IDeliveryProvider<WebPushMessage>, IDisposable
{
    /// <summary>Its own client: push endpoints are chosen by recipients, so its connections are checked (<see cref="OutboundConnector"/>).</summary>
    public const string HttpClientName = "web-push";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan TokenReuse = TimeSpan.FromHours(1);
    private const int MaxCachedTokens = 1_000;

    private readonly string _name;
    private readonly VapidSettings _settings;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ECDsa _signingKey;
    private readonly string _publicKey;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset MadeAt)> _tokens = new();

    public VapidWebPushProvider(string name, VapidSettings settings, IHttpClientFactory http, TimeProvider time)
    {
        _name = name;
        _settings = settings;
        _http = http;
        _time = time;
        _signingKey = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Base64Url.DecodeFromChars(settings.PrivateKey) });
        _publicKey = settings.PublicKey();
    }

    public string Name => _name;

    public bool SendsToRecipientEndpoints => true;

    public async Task<DeliveryResult> SendAsync(WebPushMessage message, CancellationToken cancellationToken)
    {
        var subscription = message.Subscription;
        byte[] body;
        try
        {
            body = WebPushEncryption.Encrypt(message.Payload, Base64Url.DecodeFromChars(subscription.P256dh), Base64Url.DecodeFromChars(subscription.Auth));
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or ArgumentException)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, $"The subscription's keys are not usable: {exception.Message}", Provider: _name, DeadAddresses: [subscription.Token]);
        }

        var endpoint = new Uri(subscription.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.Add("TTL", ((long)message.TimeToLive.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", message.Urgency);
        if (message.Topic is { } topic)
        {
            request.Headers.Add("Topic", topic);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"vapid t={Token(endpoint)}, k={_publicKey}");
        try
        {
            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return Classify(response, subscription.Token);
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.RecipientUnanswered("The push service", exception, _name);
        }
    }

    private DeliveryResult Classify(HttpResponseMessage response, string endpoint)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new DeliveryResult(DeliveryOutcome.Sent, ProviderMessageId: response.Headers.Location?.ToString(), Provider: _name);
        }

        var reason = $"The push service answered {status} {response.ReasonPhrase}.";
        return response.StatusCode switch
        {
            // The subscription expired or the user revoked permission.
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: _name, DeadAddresses: [endpoint]),
            HttpStatusCode.TooManyRequests => HttpAnswers.Throttled(response, reason, _name, _time),
            >= HttpStatusCode.InternalServerError => HttpAnswers.ServerError(response, reason, _name, _time),
            // 400, 401 and 403 (the request or the VAPID key), 413 (too large): ours to fix.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: _name),
        };
    }

    /// <summary>A VAPID JWT for the endpoint's push service: audience its origin, ES256 over P-256.</summary>
    private string Token(Uri endpoint)
    {
        var audience = endpoint.GetLeftPart(UriPartial.Authority);
        var now = _time.GetUtcNow();
        if (_tokens.TryGetValue(audience, out var cached) && now - cached.MadeAt < TokenReuse)
        {
            return cached.Token;
        }

        var token = Es256Jwt.Create(
            _signingKey,
            new Dictionary<string, string> { ["typ"] = "JWT", ["alg"] = "ES256" },
            new Dictionary<string, object> { ["aud"] = audience, ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(), ["sub"] = _settings.Subject });
        // Push services are a handful; origins beyond that are recipients' own endpoints, and must not grow the cache.
        if (_tokens.Count >= MaxCachedTokens)
        {
            _tokens.Clear();
        }

        _tokens[audience] = (token, now);
        return token;
    }

    public void Dispose() => _signingKey.Dispose();
}
