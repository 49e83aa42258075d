using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>POSTs signed Standard Webhooks requests and classifies the receiver's answer.</summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time, Microsoft.Extensions.Options.IOptionsMonitor<OutboundOptions> outbound)
{
    public const string HttpClientName = "webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task<DeliveryResult> SendAsync(WebhookEndpoint endpoint, string messageId, WebhookPayload payload, CancellationToken cancellationToken) =>
        PostAsync(endpoint.Url, endpoint.SigningSecrets(time.GetUtcNow()), messageId, JsonSerializer.SerializeToUtf8Bytes(payload), cancellationToken);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="endpointUrl"/>, signed with each of <paramref name="secrets"/>.</summary>
    public async Task<DeliveryResult> PostAsync(string endpointUrl, IEnumerable<string> secrets, string messageId, byte[] body, CancellationToken cancellationToken)
    {
        // Checked again at send: an endpoint stored before the rules, or under other settings, may break them.
        if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out var url) || OutboundAddresses.RefusalOf(url, outbound.CurrentValue) is not null)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The endpoint is at an address deliveries may not go to.");
        }

        var keys = new List<byte[]>(2);
        foreach (var secret in secrets)
        {
            if (!WebhookSecret.TryParse(secret, out var key))
            {
                return new DeliveryResult(DeliveryOutcome.PermanentConfiguration, "The endpoint's signing secret is not a valid whsec_ secret.");
            }

            keys.Add(key);
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        // Standard Webhooks: several signatures, space-separated, while a secret is being rotated.
        request.Headers.Add("webhook-signature", string.Join(' ', keys.Select(key => WebhookSignature.Sign(key, messageId, timestamp, body))));

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return Classify(response, endpointUrl);
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.RecipientUnanswered("The endpoint", exception);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpAnswers.TimedOut("The endpoint");
        }
    }

    private DeliveryResult Classify(HttpResponseMessage response, string url)
    {
        var code = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered();
        }

        var reason = $"The endpoint answered {code} {response.ReasonPhrase}.";
        return response.StatusCode switch
        {
            HttpStatusCode.Gone => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, DeadAddresses: [url]),
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                when HttpAnswers.RetryAfter(response.Headers, time) is { } delay => new DeliveryResult(DeliveryOutcome.RateLimited, reason, delay),
            // Standard Webhooks retries every other failure, redirects included, on its schedule.
            _ => new DeliveryResult(DeliveryOutcome.Transient, reason),
        };
    }
}
