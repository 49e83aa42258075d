namespace Notifications.Grains;

/// <param name="WebhookSecretIssued">The update that answered this set a new webhook secret: the one answer that shows it.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UserProfile")]
public sealed record UserProfile(
    string UserId,
    bool Exists,
    string? Language,
    WebhookEndpoint? Webhook,
    IReadOnlyCollection<string> DisabledChannels,
    IReadOnlyDictionary<string, bool> Categories,
    DateTimeOffset? UpdatedAt,
    string? TimeZone = null,
    string? Email = null,
    string? Phone = null,
    IReadOnlyList<Device>? Devices = null,
    IReadOnlyList<UnreachableAddress>? Unreachable = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null,
    QuietHours? QuietHours = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>? CategoryChannels = null,
    IReadOnlyCollection<string>? Topics = null,
    bool WebhookSecretIssued = false,
    bool OptedOut = false);
