using System.Text.Json.Serialization;

namespace Notifications.Grains;

public sealed record SendGridErrorItem(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("field")] string? Field);
