using System.Net;

namespace Notifications.Client;

/// <summary>What the gateway grain answers: the value an HTTP call would have had in its body, or the problem it would have had.</summary>
/// <param name="Status">The HTTP status the same call would have had.</param>
/// <param name="RetryAfter">When to try again after a refusal that passes (HTTP's <c>Retry-After</c>).</param>
/// <param name="Replayed">An earlier call with the same idempotency key answered (HTTP's <c>Idempotent-Replayed</c>).</param>
public sealed record GatewayAnswer<T>(int Status, T? Value, ProblemBody? Problem, TimeSpan? RetryAfter = null, bool Replayed = false)
{
    /// <summary>The value; a refusal throws as the HTTP client does.</summary>
    public T Take() => Problem is null ? Value! : throw Refusal();

    /// <summary>The value, or null when there is nothing of that name; any other refusal throws.</summary>
    public T? TakeOrNull() => Status == (int)HttpStatusCode.NotFound ? default : Take();

    private NotificationsApiException Refusal() =>
        new((HttpStatusCode)Status, Problem!.Title, Problem.Detail, Problem.Errors ?? []);
}
