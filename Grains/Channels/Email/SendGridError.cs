using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>The body of a SendGrid v3 error answer.</summary>
public sealed record SendGridError([property: JsonPropertyName("errors")] IReadOnlyList<SendGridErrorItem>? Errors);
