using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>The part of a created Message or Call resource the service keeps.</summary>
public sealed record TwilioCreated(
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("status")] string? Status);
