namespace Notifications.Grains;

/// <summary>
/// What routing a notification to the user needs of their state, less the dedupe window and rate-limit buckets: kept
/// on the page of each topic they are subscribed to (the user grain sends a new card whenever one of these changes),
/// so that a topic's send routes its recipients without an activation of each user's grain. A send that needs the
/// dedupe window or a rate limit still asks the user grain.
/// </summary>
/// <param name="Version">Grows with every change of the card (at least the time of the change in ticks, across the
/// user's lives): of two cards of a user, a page keeps the later.</param>
/// <param name="Live">The user's live addresses (see <see cref="Recipient"/>).</param>
/// <param name="HasEmail">The user has an email address, live or not.</param>
/// <param name="PhoneUnreachableOn">The channels on which a provider refused the user's phone number for good.</param>
/// <param name="Webhook">The user's webhook endpoint, disabled or not.</param>
/// <param name="CategoryChannels">Category, then channel, to enabled.</param>
/// <param name="DirectoryPage">The page of the tenant's directory that lists the user.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RoutingCard")]
public sealed record RoutingCard(
    long Version,
    Recipient Live,
    bool HasEmail,
    IReadOnlyList<string> PhoneUnreachableOn,
    WebhookEndpoint? Webhook,
    string? Language,
    string? TimeZone,
    QuietHours? QuietHours,
    bool OptedOut,
    IReadOnlyDictionary<string, bool> Categories,
    IReadOnlyCollection<string> DisabledChannels,
    IReadOnlyDictionary<string, Dictionary<string, bool>> CategoryChannels,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement> Attributes,
    int? DirectoryPage);
