using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>The body of every Twilio REST error.</summary>
public sealed record TwilioError(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("more_info")] string? MoreInfo,
    [property: JsonPropertyName("status")] int? Status);
