using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>The body of an FCM v1 error: a Google API status with FCM's own error code among its details.</summary>
public sealed record FcmError([property: JsonPropertyName("error")] FcmErrorStatus? Error)
{
    public string? ErrorCode => Error?.Details?
        .Where(d => d.TryGetProperty("@type", out var type) && type.GetString() == "type.googleapis.com/google.firebase.fcm.v1.FcmError")
        .Select(d => d.TryGetProperty("errorCode", out var code) ? code.GetString() : null)
        .FirstOrDefault();
}

public sealed record FcmErrorStatus(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("details")] IReadOnlyList<JsonElement>? Details);
