using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Notifications.Grains;

/// <summary>
/// <c>POST /v3/mail/send</c>. A 202 means SendGrid took the mail; whether it arrived, bounced or was dropped comes
/// later to the event webhook, matched by the <c>notification_id</c> custom argument.
/// </summary>
public sealed class SendGridEmailProvider(string name, SendGridSettings settings, IHttpClientFactory http, TimeProvider time) : IDeliveryProvider<EmailMessage>
{
    /// <summary>Headers SendGrid sets itself and refuses to take from a request.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Message-ID", "x-sg-id", "x-sg-eid", "received", "dkim-signature", "Content-Type", "Content-Transfer-Encoding",
        "To", "From", "Subject", "Reply-To", "CC", "BCC",
    };

    public string Name => name;

    public async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl, "/v3/mail/send"))
        {
            Content = JsonContent.Create(Body(message)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        try
        {
            using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var id = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
                return new DeliveryResult(DeliveryOutcome.Sent, ProviderMessageId: id, Provider: name);
            }

            var error = await ProviderHttp.ReadJsonOrDefaultAsync<SendGridError>(response, cancellationToken);
            return Classify(response, error, message.To);
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.Unanswered(name, exception);
        }
    }

    private JsonObject Body(EmailMessage message)
    {
        var headers = new JsonObject();
        foreach (var (header, value) in message.Headers.Where(h => !ReservedHeaders.Contains(h.Key)))
        {
            headers[header] = value;
        }

        var from = new JsonObject { ["email"] = message.From };
        if (message.FromName is { Length: > 0 } fromName)
        {
            from["name"] = fromName;
        }

        var body = new JsonObject
        {
            ["personalizations"] = new JsonArray(new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["email"] = message.To }),
                // Carried into every event SendGrid reports for this mail.
                ["custom_args"] = new JsonObject { ["notification_id"] = message.NotificationId, ["tenant"] = message.Tenant },
            }),
            ["from"] = from,
            ["subject"] = message.Subject,
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text/plain", ["value"] = message.Text },
                new JsonObject { ["type"] = "text/html", ["value"] = message.Html }),
        };
        if (headers.Count > 0)
        {
            body["headers"] = headers;
        }

        if (settings.SandboxMode)
        {
            body["mail_settings"] = new JsonObject { ["sandbox_mode"] = new JsonObject { ["enable"] = true } };
        }

        return body;
    }

    private DeliveryResult Classify(HttpResponseMessage response, SendGridError? error, string to)
    {
        var status = (int)response.StatusCode;
        var first = error?.Errors?.FirstOrDefault();
        var reason = $"{name} answered {status}: {first?.Message ?? response.ReasonPhrase}{(first?.Field is { } field ? $" ({field})" : "")}";
        return response.StatusCode switch
        {
            // The only field of a request that is about the recipient rather than our payload.
            HttpStatusCode.BadRequest when first?.Field?.StartsWith("personalizations.0.to", StringComparison.Ordinal) == true =>
                new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: name, DeadAddresses: [to]),
            HttpStatusCode.TooManyRequests => new DeliveryResult(DeliveryOutcome.RateLimited, reason, RateLimitReset(response), Provider: name),
            >= HttpStatusCode.InternalServerError => HttpAnswers.ServerError(response, reason, name, time),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => HttpAnswers.CredentialsRefused(reason, name),
            // 400 (our payload), 401 and 403 (the key or the sender), 413 (too large): retrying cannot help.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: name),
        };
    }

    /// <summary>SendGrid says when the limit resets as epoch seconds in X-RateLimit-Reset.</summary>
    private TimeSpan? RateLimitReset(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return HttpAnswers.RetryAfter(response.Headers, time);
    }
}
