using System.Net;

namespace Notifications.Client;

/// <summary>What the gateway grain answers: the value an HTTP call would have had in its body, or the problem it would have had.</summary>
/// <param name="Status">The HTTP status the same call would have had.</param>
public sealed record GatewayAnswer<T>(int Status, T? Value, ProblemBody? Problem)
{
    /// <summary>The value; a refusal throws as the HTTP client does.</summary>
    public T Take() => Problem is null ? Value! : throw Refusal();

    /// <summary>The value, or null when there is nothing of that name; any other refusal throws.</summary>
    public T? TakeOrNull() => Status == (int)HttpStatusCode.NotFound ? default : Take();

    private NotificationsApiException Refusal() =>
        new((HttpStatusCode)Status, Problem!.Title, Problem.Detail, Problem.Errors ?? []);
}
