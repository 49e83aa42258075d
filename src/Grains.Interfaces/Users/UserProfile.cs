namespace Notifications.Grains;

public sealed record UserProfile(
    string UserId,
    bool Exists,
    string? Language,
    WebhookEndpoint? Webhook,
    IReadOnlyCollection<string> DisabledChannels,
    IReadOnlyDictionary<string, bool> Categories,
    DateTimeOffset? UpdatedAt,
    string? TimeZone = null);
