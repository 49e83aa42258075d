using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>What a webhook receiver learns of a notification; <c>notification_id</c> is stable across retries.</summary>
public sealed record WebhookNotification(
    [property: JsonPropertyName("notification_id")] string NotificationId,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("priority")] string Priority,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("data")] IReadOnlyDictionary<string, string>? Data,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt);
