using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>What an event says. <c>event_id</c> is also the <c>webhook-id</c> header: the same for a repeat, for receivers to dedupe.</summary>
public sealed record EventMessageData(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("notification_id")] string? NotificationId,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("channel")] string? Channel,
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("priority")] string? Priority,
    [property: JsonPropertyName("alert"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Alert = null,
    [property: JsonPropertyName("alert_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AlertId = null);
