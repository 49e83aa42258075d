namespace Notifications.Client;

/// <param name="Unreachable">Addresses a provider refused for good, and on which channel.</param>
/// <param name="Topics">The topics the user is subscribed to.</param>
public sealed record UserInfo(
    string UserId,
    string? Language,
    WebhookSettings? Webhook,
    IReadOnlyCollection<string> DisabledChannels,
    IReadOnlyDictionary<string, bool> Categories,
    DateTimeOffset? UpdatedAt,
    string? TimeZone = null,
    string? Email = null,
    string? Phone = null,
    IReadOnlyList<DeviceInfo>? Devices = null,
    IReadOnlyList<UnreachableInfo>? Unreachable = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null,
    QuietHoursSettings? QuietHours = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>? CategoryChannels = null,
    IReadOnlyCollection<string>? Topics = null,
    bool OptedOut = false);
