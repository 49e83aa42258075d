using System.Net;

namespace Notifications.Client;

/// <summary>The service refused a call; <see cref="Errors"/> names the fields at fault.</summary>
public sealed class NotificationsApiException(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"{(int)statusCode} {title}: {detail ?? string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? Title { get; } = title;

    public string? Detail { get; } = detail;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
