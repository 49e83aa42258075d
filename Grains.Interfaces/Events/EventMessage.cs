using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>An event as an endpoint receives it: the Standard Webhooks envelope <c>{"type","timestamp","data"}</c>.</summary>
/// <param name="Timestamp">When it happened (the <c>webhook-timestamp</c> header says when it was sent).</param>
public sealed record EventMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("data")] EventMessageData Data)
{
    public static EventMessage Of(TenantEvent e) => new(e.Type, e.At, new EventMessageData(
        e.Id, e.NotificationId, e.UserId, e.Channel, e.Provider, e.Attempt, e.Reason, e.Category,
        e.Priority is { } priority ? priority.ToString().ToLowerInvariant() : null, e.Alert, e.AlertId));
}
