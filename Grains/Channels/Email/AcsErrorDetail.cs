using System.Text.Json.Serialization;

namespace Notifications.Grains;

public sealed record AcsErrorDetail(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("target")] string? Target);
