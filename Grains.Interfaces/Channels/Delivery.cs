namespace Notifications.Grains;

/// <summary>One attempt to deliver one notification through one channel, to the user's live addresses.</summary>
/// <param name="Attributes">The user's attributes, for templates.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.Delivery")]
public sealed record Delivery(
    string NotificationId,
    NotificationRequest Request,
    int Attempt,
    string? Language,
    Recipient Recipient,
    DateTimeOffset AcceptedAt,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null);
