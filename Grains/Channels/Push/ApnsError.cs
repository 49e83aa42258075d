using System.Text.Json.Serialization;

namespace Notifications.Grains;

public sealed record ApnsError([property: JsonPropertyName("reason")] string? Reason);
