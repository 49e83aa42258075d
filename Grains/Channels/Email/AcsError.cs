using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>The body of an ACS error answer.</summary>
public sealed record AcsError([property: JsonPropertyName("error")] AcsErrorDetail? Error);
