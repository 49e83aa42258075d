namespace Notifications.Client;

/// <param name="Secret">Only in the answer to the request that made or rotated it.</param>
/// <param name="DisabledBecause">Why the service stopped sending to it (410 Gone, or days of failures); null when the tenant did.</param>
/// <param name="PreviousSecretExpiresAt">After a rotation, events are signed with the old secret too until this time.</param>
/// <param name="Delivery">How its events are getting through (when read one by one).</param>
public sealed record EventEndpointInfo(
    string Id,
    string Url,
    IReadOnlyList<string>? Types,
    string? Description,
    bool Enabled,
    string? DisabledBecause,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PreviousSecretExpiresAt = null,
    string? Secret = null,
    EventDeliveryInfo? Delivery = null);
