using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Notifications.Grains;

/// <summary>Creates Twilio resources (Messages, Calls) over the 2010-04-01 REST API and classifies the answers.</summary>
public sealed class TwilioClient(string name, TwilioSettings settings, IHttpClientFactory http, TimeProvider time)
{
    public string Name => name;

    public TwilioSettings Settings => settings;

    /// <param name="resource"><c>Messages</c> or <c>Calls</c>.</param>
    public async Task<DeliveryResult> CreateAsync(string resource, string to, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var uri = new Uri(settings.BaseUrl, $"/2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/{resource}.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
        var (user, password) = settings.ApiKeySid is { Length: > 0 } keySid ? (keySid, settings.ApiKeySecret ?? "") : (settings.AccountSid, settings.AuthToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        try
        {
            using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var created = await response.Content.ReadFromJsonAsync<TwilioCreated>(cancellationToken);
                return new DeliveryResult(DeliveryOutcome.Sent, $"Twilio {created?.Status ?? "queued"}.", ProviderMessageId: created?.Sid, Provider: name);
            }

            var error = await ProviderHttp.ReadJsonOrDefaultAsync<TwilioError>(response, cancellationToken);
            return Classify(response, error, to);
        }
        catch (HttpRequestException exception)
        {
            return HttpAnswers.Unanswered(name, exception);
        }
    }

    private DeliveryResult Classify(HttpResponseMessage response, TwilioError? error, string to)
    {
        var status = (int)response.StatusCode;
        var reason = $"{name} answered {status}{(error?.Code is { } code ? $" with error {code}" : "")}: {error?.Message ?? response.ReasonPhrase}";
        return (error?.Code, response.StatusCode) switch
        {
            // Invalid number, not SMS-capable (a landline), unreachable by voice.
            (21211 or 21614 or 13223 or 13224 or 21217, _) => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: name, DeadAddresses: [to]),
            // The recipient replied STOP: nothing reaches them until they opt in again.
            (21610, _) => new DeliveryResult(DeliveryOutcome.PermanentRecipient, $"{reason} (the recipient opted out).", Provider: name, DeadAddresses: [to]),
            (20429, _) or (_, HttpStatusCode.TooManyRequests) => HttpAnswers.Throttled(response, reason, name, time),
            (_, >= HttpStatusCode.InternalServerError) => HttpAnswers.ServerError(response, reason, name, time),
            (20003, _) or (_, HttpStatusCode.Unauthorized) => HttpAnswers.CredentialsRefused(reason, name),
            // Credentials, a sender not allowed, a request Twilio will never take: retrying cannot help.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: name),
        };
    }
}
