using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>An ACS Email send operation, as the send and the status poll answer it.</summary>
public sealed record AcsOperation(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error")] AcsErrorDetail? Error);
