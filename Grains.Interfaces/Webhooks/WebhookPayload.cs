using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>The Standard Webhooks envelope: <c>{"type","timestamp","data"}</c>.</summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("data")] WebhookNotification Data);
