using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;

namespace Notifications.Grains;

/// <summary>
/// <c>POST /v1/projects/{project}/messages:send</c> with an OAuth access token for the service account, which
/// Google.Apis.Auth obtains, caches and refreshes before it expires.
/// </summary>
public sealed class FcmProvider : IDeliveryProvider<PushMessage>
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    public const int MaxMessageBytes = 4096;

    /// <summary>FCM asks for at least a minute after a quota error.</summary>
    private static readonly TimeSpan QuotaBackoff = TimeSpan.FromMinutes(1);

    private readonly string _name;
    private readonly FcmSettings _settings;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ServiceAccountCredential _credential;
    private readonly string _projectId;

    public FcmProvider(string name, FcmSettings settings, IHttpClientFactory http, TimeProvider time)
    {
        _name = name;
        _settings = settings;
        _http = http;
        _time = time;
        var account = CredentialFactory.FromJson<ServiceAccountCredential>(settings.ServiceAccountJson);
        _credential = (ServiceAccountCredential)account.ToGoogleCredential().CreateScoped(Scope).UnderlyingCredential;
        _projectId = settings.ProjectId ?? account.ProjectId ?? throw new InvalidOperationException("The FCM service account names no project; set ProjectId.");
    }

    public string Name => _name;

    public async Task<DeliveryResult> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Body(message));
        if (body.Length > MaxMessageBytes + 512)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentConfiguration, $"The FCM message is {body.Length} bytes; FCM takes about {MaxMessageBytes}.", Provider: _name);
        }

        try
        {
            var result = await SendOnceAsync(message, body, refreshToken: false, cancellationToken);
            // A 401 without an FCM error code is our access token: a new one, once.
            return result is { Outcome: DeliveryOutcome.PermanentConfiguration, Reason: { } reason } && reason.Contains("401 (token)", StringComparison.Ordinal)
                ? await SendOnceAsync(message, body, refreshToken: true, cancellationToken)
                : result;
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.Unanswered(_name, exception);
        }
        catch (Google.Apis.Auth.OAuth2.Responses.TokenResponseException exception)
        {
            return HttpAnswers.CredentialsRefused($"Google refused the service account: {exception.Error?.Error} {exception.Error?.ErrorDescription}".TrimEnd(), _name);
        }
    }

    private async Task<DeliveryResult> SendOnceAsync(PushMessage message, byte[] body, bool refreshToken, CancellationToken cancellationToken)
    {
        if (refreshToken)
        {
            await _credential.RequestAccessTokenAsync(cancellationToken);
        }

        var token = await _credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.BaseUrl, $"/v1/projects/{Uri.EscapeDataString(_projectId)}/messages:send"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var sent = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new DeliveryResult(DeliveryOutcome.Sent, ProviderMessageId: sent.TryGetProperty("name", out var name) ? name.GetString() : null, Provider: _name);
        }

        var error = await ProviderHttp.ReadJsonOrDefaultAsync<FcmError>(response, cancellationToken);
        return Classify(response, error, message.Token);
    }

    private DeliveryResult Classify(HttpResponseMessage response, FcmError? error, string token)
    {
        var status = (int)response.StatusCode;
        var code = error?.ErrorCode;
        var text = $"FCM answered {status}{(code is null ? "" : $" {code}")}: {error?.Error?.Message ?? response.ReasonPhrase}";
        return (code, response.StatusCode) switch
        {
            ("UNREGISTERED" or "SENDER_ID_MISMATCH", _) => new DeliveryResult(DeliveryOutcome.PermanentRecipient, text, Provider: _name, DeadAddresses: [token]),
            ("INVALID_ARGUMENT", _) when error?.Error?.Message?.Contains("registration token", StringComparison.OrdinalIgnoreCase) == true =>
                new DeliveryResult(DeliveryOutcome.PermanentRecipient, text, Provider: _name, DeadAddresses: [token]),
            ("QUOTA_EXCEEDED", _) or (_, HttpStatusCode.TooManyRequests) => new DeliveryResult(
                DeliveryOutcome.RateLimited, text, HttpAnswers.RetryAfter(response.Headers, _time) is { } after && after > QuotaBackoff ? after : QuotaBackoff, Provider: _name),
            ("UNAVAILABLE" or "INTERNAL", _) or (_, >= HttpStatusCode.InternalServerError) => HttpAnswers.ServerError(response, text, _name, _time),
            (null, HttpStatusCode.Unauthorized) => HttpAnswers.CredentialsRefused($"FCM answered 401 (token): {error?.Error?.Message}", _name),
            // THIRD_PARTY_AUTH_ERROR (APNs or web push credentials in the Firebase project), other INVALID_ARGUMENTs.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, text, Provider: _name),
        };
    }

    private JsonObject Body(PushMessage message)
    {
        var data = new JsonObject { ["notification_id"] = message.NotificationId };
        foreach (var (key, value) in message.Data ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        var notification = new JsonObject { ["body"] = message.Body };
        if (message.Title is { } title)
        {
            notification["title"] = title;
        }

        var ttl = message.ExpiresAt - _time.GetUtcNow();
        var android = new JsonObject
        {
            ["priority"] = message.Urgent ? "HIGH" : "NORMAL",
            ["ttl"] = $"{Math.Max(0, (long)ttl.TotalSeconds)}s",
        };
        if (message.CollapseKey is { } collapse)
        {
            android["collapse_key"] = collapse;
        }

        return new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["token"] = message.Token,
                ["notification"] = notification,
                ["data"] = data,
                ["android"] = android,
                ["apns"] = new JsonObject { ["headers"] = new JsonObject { ["apns-priority"] = message.Urgent ? "10" : "5" } },
            },
        };
    }
}
