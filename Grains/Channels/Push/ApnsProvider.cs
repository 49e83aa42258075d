using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>
/// <c>POST /3/device/{token}</c> over HTTP/2, authenticated by an ES256 provider token that is renewed every
/// <see cref="ApnsSettings.TokenLifetime"/>, and at once when Apple says it expired.
/// </summary>
public sealed class ApnsProvider : IDeliveryProvider<PushMessage>, IDisposable
{
    public const int MaxPayloadBytes = 4096;

    private readonly string _name;
    private readonly ApnsSettings _settings;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ECDsa _key;
    private readonly Lock _tokenLock = new();
    private (string Token, DateTimeOffset IssuedAt)? _token;

    public ApnsProvider(string name, ApnsSettings settings, IHttpClientFactory http, TimeProvider time)
    {
        _name = name;
        _settings = settings;
        _http = http;
        _time = time;
        _key = ECDsa.Create();
        _key.ImportFromPem(settings.PrivateKey);
    }

    public string Name => _name;

    public async Task<DeliveryResult> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        var payload = Payload(message);
        if (payload.Length > MaxPayloadBytes)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentConfiguration, $"The APNs payload is {payload.Length} bytes; at most {MaxPayloadBytes}.", Provider: _name);
        }

        var result = await SendOnceAsync(message, payload, renewToken: false, cancellationToken);
        // Apple says the token is stale (a clock step, a suspended process): a new one, once.
        return result.Reason?.Contains("ExpiredProviderToken", StringComparison.Ordinal) == true
            ? await SendOnceAsync(message, payload, renewToken: true, cancellationToken)
            : result;
    }

    private async Task<DeliveryResult> SendOnceAsync(PushMessage message, byte[] payload, bool renewToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.BaseUrl, $"/3/device/{message.Token}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(payload),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", ProviderToken(renewToken));
        request.Headers.Add("apns-topic", _settings.BundleId);
        request.Headers.Add("apns-push-type", "alert");
        request.Headers.Add("apns-priority", message.Urgent ? "10" : "5");
        request.Headers.Add("apns-expiration", message.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        // The same id for every attempt at the same device, so that Apple's records and ours line up.
        request.Headers.Add("apns-id", StableUuid.From($"{message.NotificationId}/{message.Token}"));
        if (message.CollapseKey is { } collapse)
        {
            request.Headers.Add("apns-collapse-id", Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(collapse))));
        }

        try
        {
            using var response = await _http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var id = response.Headers.TryGetValues("apns-id", out var ids) ? ids.FirstOrDefault() : null;
                return new DeliveryResult(DeliveryOutcome.Sent, ProviderMessageId: id, Provider: _name);
            }

            var error = await ProviderHttp.ReadJsonOrDefaultAsync<ApnsError>(response, cancellationToken);
            return Classify(response, error?.Reason, message.Token);
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.Unanswered(_name, exception);
        }
    }

    private DeliveryResult Classify(HttpResponseMessage response, string? reason, string token)
    {
        var status = (int)response.StatusCode;
        var text = $"APNs answered {status} {reason ?? response.ReasonPhrase}.";
        return (response.StatusCode, reason) switch
        {
            (HttpStatusCode.Gone, _) or (HttpStatusCode.BadRequest, "BadDeviceToken" or "DeviceTokenNotForTopic") =>
                new DeliveryResult(DeliveryOutcome.PermanentRecipient, text, Provider: _name, DeadAddresses: [token]),
            (HttpStatusCode.TooManyRequests, _) => HttpAnswers.Throttled(response, text, _name, _time),
            (>= HttpStatusCode.InternalServerError, _) => HttpAnswers.ServerError(response, text, _name, _time),
            (HttpStatusCode.Forbidden, "InvalidProviderToken" or "MissingProviderToken" or "ExpiredProviderToken") => HttpAnswers.CredentialsRefused(text, _name),
            // ExpiredProviderToken is retried by the caller; other 403s (a wrong key or team) and 400s are ours.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, text, Provider: _name),
        };
    }

    private string ProviderToken(bool renew)
    {
        var now = _time.GetUtcNow();
        lock (_tokenLock)
        {
            if (!renew && _token is { } current && now - current.IssuedAt < _settings.TokenLifetime)
            {
                return current.Token;
            }

            var token = Es256Jwt.Create(
                _key,
                new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = _settings.KeyId },
                new Dictionary<string, object> { ["iss"] = _settings.TeamId, ["iat"] = now.ToUnixTimeSeconds() });
            _token = (token, now);
            return token;
        }
    }

    private static byte[] Payload(PushMessage message)
    {
        var alert = new Dictionary<string, object?> { ["body"] = message.Body };
        if (message.Title is { } title)
        {
            alert["title"] = title;
        }

        var aps = new Dictionary<string, object?> { ["alert"] = alert };
        if (message.Urgent)
        {
            aps["sound"] = "default";
        }

        if (message.Category is { } category)
        {
            aps["thread-id"] = category;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["aps"] = aps,
            ["notification_id"] = message.NotificationId,
            ["data"] = message.Data,
        });
    }

    public void Dispose() => _key.Dispose();
}
