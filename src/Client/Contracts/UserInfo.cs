namespace Notifications.Client;

public sealed record UserInfo(
    string UserId,
    string? Language,
    WebhookSettings? Webhook,
    IReadOnlyCollection<string> DisabledChannels,
    IReadOnlyDictionary<string, bool> Categories,
    DateTimeOffset? UpdatedAt,
    string? TimeZone = null);
