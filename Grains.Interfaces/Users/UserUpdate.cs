namespace Notifications.Grains;

/// <summary>A partial update: null leaves a field as it is.</summary>
/// <param name="WebhookUrl">An empty string removes the endpoint.</param>
/// <param name="WebhookSecret">When null with a new URL, a secret is generated.</param>
/// <param name="TimeZone">An IANA time zone such as <c>Europe/Berlin</c>; an empty string removes it.</param>
/// <param name="Email">An empty string removes it; setting an address again makes it reachable again.</param>
/// <param name="Phone">E.164; an empty string removes it; setting a number again makes it reachable again.</param>
/// <param name="Devices">Replaces the user's devices; a device given again is reachable again.</param>
/// <param name="Attributes">Merged into the user's attributes (for targeting and templates); a null value removes one.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UserUpdate")]
public sealed record UserUpdate(
    string? Language = null,
    string? WebhookUrl = null,
    string? WebhookSecret = null,
    string? TimeZone = null,
    string? Email = null,
    string? Phone = null,
    IReadOnlyList<Device>? Devices = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null);
