namespace Notifications.Client;

/// <summary>Creates a user or changes the fields given; a null field stays as it is.</summary>
/// <param name="Webhook">The user's webhook endpoint; a URL of "" removes it.</param>
/// <param name="TimeZone">An IANA time zone such as <c>Europe/Berlin</c>, for local send times; "" removes it.</param>
/// <param name="Email">"" removes it; giving an address again makes it reachable again after a bounce.</param>
/// <param name="Phone">E.164 (<c>+4915112345678</c>); "" removes it; giving it again makes it reachable again.</param>
/// <param name="Devices">Replaces the user's devices; [] removes them all.</param>
/// <param name="Attributes">Merged into the user's attributes, for targeting and templates (<c>{{user.first_name}}</c>); null removes one.</param>
public sealed record UpdateUser(
    string? Language = null,
    WebhookSettings? Webhook = null,
    string? TimeZone = null,
    string? Email = null,
    string? Phone = null,
    IReadOnlyList<DeviceInfo>? Devices = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null);
