using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifications.Grains;

/// <summary>
/// <c>POST {endpoint}/emails:send</c> signed with the access key (HMAC-SHA256 over verb, path, date, host and
/// content hash), then the operation polled until it succeeds or fails. The Operation-Id is made from the
/// notification id, so that a retried send is the same operation to ACS, not a second mail.
/// </summary>
public sealed class AcsEmailProvider : IDeliveryProvider<EmailMessage>
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    private readonly string _name;
    private readonly AcsEmailSettings _settings;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly Uri _endpoint;
    private readonly byte[] _accessKey;

    public AcsEmailProvider(string name, AcsEmailSettings settings, IHttpClientFactory http, TimeProvider time)
    {
        _name = name;
        _settings = settings;
        _http = http;
        _time = time;
        var parts = settings.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        _endpoint = new Uri(parts["endpoint"]);
        _accessKey = Convert.FromBase64String(parts["accesskey"]);
    }

    public string Name => _name;

    /// <summary>Whether a connection string has both parts, for the configuration check.</summary>
    public static bool IsValidConnectionString(string text)
    {
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("endpoint", out var endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out _)
            && parts.TryGetValue("accesskey", out var key) && Convert.TryFromBase64String(key, new byte[key.Length], out _);
    }

    public async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Body(message));
        using var request = Signed(HttpMethod.Post, new Uri(_endpoint, $"/emails:send?api-version={_settings.ApiVersion}"), body);
        request.Headers.Add("Operation-Id", StableUuid.From($"acs/{message.NotificationId}"));
        try
        {
            var http = _http.CreateClient(ProviderHttp.ClientName);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                var error = await ProviderHttp.ReadJsonOrDefaultAsync<AcsError>(response, cancellationToken);
                return Classify(response, error?.Error, message.To);
            }

            var operation = await response.Content.ReadFromJsonAsync<AcsOperation>(cancellationToken);
            var location = response.Headers.TryGetValues("Operation-Location", out var locations) ? new Uri(locations.First()) : null;
            return location is null
                ? Taken(operation?.Id, "ACS took it without an operation to follow.")
                : await PollAsync(http, location, operation?.Id, HttpAnswers.RetryAfter(response.Headers, _time), message.To, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.Unanswered(_name, exception);
        }
    }

    private async Task<DeliveryResult> PollAsync(HttpClient http, Uri location, string? id, TimeSpan? wait, string to, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _settings.PollTimeout;
        while (true)
        {
            var delay = wait ?? DefaultPollInterval;
            if (_time.GetUtcNow() + delay > deadline)
            {
                return Taken(id, $"ACS is still sending after {_settings.PollTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(delay, _time, cancellationToken);
            using var poll = Signed(HttpMethod.Get, location, []);
            using var response = await http.SendAsync(poll, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The mail was taken; only its fate is unknown. Not a reason to send it again.
                return Taken(id, $"ACS answered {(int)response.StatusCode} to the status poll.");
            }

            var operation = await response.Content.ReadFromJsonAsync<AcsOperation>(cancellationToken);
            switch (operation?.Status)
            {
                case "Succeeded":
                    return Taken(operation.Id ?? id, "ACS sent it.");
                case "Failed" or "Canceled":
                    var error = operation.Error;
                    var reason = $"ACS {operation.Status}: {error?.Code} {error?.Message}".TrimEnd();
                    return error?.Code == "EmailDropped"
                        ? new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: _name, DeadAddresses: [to])
                        : new DeliveryResult(DeliveryOutcome.Transient, reason, Provider: _name);
            }

            wait = HttpAnswers.RetryAfter(response.Headers, _time);
        }
    }

    private DeliveryResult Taken(string? id, string reason) => new(DeliveryOutcome.Sent, reason, ProviderMessageId: id, Provider: _name);

    private DeliveryResult Classify(HttpResponseMessage response, AcsErrorDetail? error, string to)
    {
        var status = (int)response.StatusCode;
        var code = error?.Code ?? (response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.First() : null);
        var reason = $"ACS answered {status} {code}: {error?.Message ?? response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest when error?.Target?.Contains("recipients", StringComparison.OrdinalIgnoreCase) == true =>
                new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: _name, DeadAddresses: [to]),
            HttpStatusCode.TooManyRequests => HttpAnswers.Throttled(response, reason, _name, _time),
            >= HttpStatusCode.InternalServerError => HttpAnswers.ServerError(response, reason, _name, _time),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => HttpAnswers.CredentialsRefused(reason, _name),
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: _name),
        };
    }

    /// <summary>ACS's HMAC scheme: the signature covers verb, path and query, date, host (with a non-default port) and body hash.</summary>
    private HttpRequestMessage Signed(HttpMethod method, Uri uri, byte[] body)
    {
        var request = new HttpRequestMessage(method, uri);
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        var date = _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var stringToSign = $"{method.Method}\n{uri.PathAndQuery}\n{date};{host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_accessKey, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-content-sha256", contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        return request;
    }

    private static JsonObject Body(EmailMessage message)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in message.Headers.Where(h => !h.Key.Equals("Message-ID", StringComparison.OrdinalIgnoreCase)))
        {
            headers[name] = value;
        }

        var to = new JsonObject { ["address"] = message.To };
        return new JsonObject
        {
            ["senderAddress"] = message.From,
            ["recipients"] = new JsonObject { ["to"] = new JsonArray(to) },
            ["content"] = new JsonObject { ["subject"] = message.Subject, ["plainText"] = message.Text, ["html"] = message.Html },
            ["headers"] = headers,
            ["userEngagementTrackingDisabled"] = true,
        };
    }
}
