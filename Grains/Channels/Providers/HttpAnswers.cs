using System.Net.Http.Headers;

namespace Notifications.Grains;

/// <summary>What every HTTP provider's answer and failure have in common.</summary>
public static class HttpAnswers
{
    /// <summary>The delay a <c>Retry-After</c> header asks for, in seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider time) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>A request that failed without an answer; only a connection never made proves the provider has nothing.</summary>
    public static DeliveryResult Unanswered(string provider, HttpRequestException exception)
    {
        var neverSent = exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
        return new DeliveryResult(DeliveryOutcome.Transient, $"{provider} could not be reached: {exception.HttpRequestError}.", MayHaveBeenDelivered: !neverSent, Provider: provider, ProviderFault: true);
    }

    /// <summary>
    /// A request to an endpoint a recipient chose that failed without an answer. Only a generic reason goes into the
    /// history: which addresses refuse, resolve or listen is not for the recipient to learn (a port scanner otherwise).
    /// </summary>
    public static DeliveryResult RecipientUnanswered(string endpoint, HttpRequestException exception, string? provider = null)
    {
        if (exception.InnerException is OutboundAddressRefusedException)
        {
            // Not the provider's fault, and no use trying again while the configuration stands.
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, $"{endpoint} is at an address deliveries may not go to.", Provider: provider);
        }

        var neverSent = exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
        return new DeliveryResult(DeliveryOutcome.Transient, $"{endpoint} could not be reached.", MayHaveBeenDelivered: !neverSent, Provider: provider);
    }

    public static DeliveryResult TimedOut(string provider) =>
        new(DeliveryOutcome.Transient, $"{provider} did not answer in time.", MayHaveBeenDelivered: true, Provider: provider, ProviderFault: true);

    /// <summary>
    /// A provider's 5xx: worth another try when it asks (or the engine's backoff); 503 says the request was turned
    /// away before it was processed, other 5xx leave open whether it was.
    /// </summary>
    public static DeliveryResult ServerError(HttpResponseMessage response, string reason, string provider, TimeProvider time) =>
        new(DeliveryOutcome.Transient, reason, RetryAfter(response.Headers, time), MayHaveBeenDelivered: (int)response.StatusCode != 503, Provider: provider, ProviderFault: true);

    /// <summary>Our credentials or account refused: every send through the provider fails alike.</summary>
    public static DeliveryResult CredentialsRefused(string reason, string provider) =>
        new(DeliveryOutcome.PermanentConfiguration, reason, Provider: provider, ProviderFault: true);

    /// <summary>A provider's 429: try again after the delay it names, or the engine's backoff.</summary>
    public static DeliveryResult Throttled(HttpResponseMessage response, string reason, string provider, TimeProvider time) =>
        new(DeliveryOutcome.RateLimited, reason, RetryAfter(response.Headers, time), Provider: provider);
}
