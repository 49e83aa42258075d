namespace Notifications.Grains;

/// <summary>
/// What routing a notification to the user needs of their state, less the dedupe window and rate-limit buckets: kept
/// on the page of each topic they are subscribed to (the user grain sends a new card whenever one of these changes),
/// so that a topic's send routes its recipients without an activation of each user's grain. A send that needs the
/// dedupe window or a rate limit still asks the user grain. A page keeps a thousand of them: what is empty is null.
/// </summary>
/// <param name="Version">Grows with every change of the card (at least the time of the change in ticks, across the
/// user's lives): of two cards of a user, a page keeps the later.</param>
/// <param name="Email">The user's email address while no provider has refused it for good.</param>
/// <param name="EmailUnreachable">The user has an email address, refused for good.</param>
/// <param name="PhoneUnreachableOn">The channels on which a provider refused the user's phone number for good.</param>
/// <param name="Devices">The user's devices no provider has refused for good.</param>
/// <param name="Webhook">The user's webhook endpoint, disabled or not.</param>
/// <param name="CategoryChannels">Category, then channel, to enabled.</param>
/// <param name="DirectoryPage">The page of the tenant's directory that lists the user.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RoutingCard")]
public sealed record RoutingCard(
    long Version,
    string? Email = null,
    bool EmailUnreachable = false,
    string? Phone = null,
    IReadOnlyList<string>? PhoneUnreachableOn = null,
    IReadOnlyList<Device>? Devices = null,
    WebhookEndpoint? Webhook = null,
    string? Language = null,
    string? TimeZone = null,
    QuietHours? QuietHours = null,
    bool OptedOut = false,
    IReadOnlyDictionary<string, bool>? Categories = null,
    IReadOnlyCollection<string>? DisabledChannels = null,
    IReadOnlyDictionary<string, Dictionary<string, bool>>? CategoryChannels = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null,
    int? DirectoryPage = null)
{
    /// <summary>The user's live addresses (see <see cref="Recipient"/>).</summary>
    public Recipient Live() => new(Email, Phone, Devices ?? [], Webhook is { Disabled: false } webhook ? webhook : null);
}
