namespace Notifications.Grains;

/// <summary>What the user grain needs to route one notification.</summary>
/// <param name="Channels">The channels asked for, in order of preference; null lets the user's endpoints decide.</param>
/// <param name="Exhausted">Channels that already failed for good for this notification: not offered again.</param>
/// <param name="CategoryPolicy">The tenant's policy for the category: critical ones bypass preferences, caps apply.</param>
/// <param name="Bulk">One of many notifications to as many users (a topic's send): the user's activation is let go
/// afterwards rather than kept for notifications that are not coming.</param>
/// <param name="Admitted">
/// The notification already passed dedupe and rate limits on an earlier attempt: a retry is not counted again.
/// </param>
/// <param name="DeviceId">Only this device of the user, through its channel, when the user has it.</param>
/// <param name="CardMissingOn">The topic whose page keeps no routing card of the user (subscribed before pages kept
/// them, or the card was lost): the user sends that page the card, so that the next sends need not ask.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RoutingRequest")]
public sealed record RoutingRequest(
    string NotificationId,
    Priority Priority,
    string? Category = null,
    IReadOnlyList<string>? Channels = null,
    DateTime? SendAtLocal = null,
    string? DedupeKey = null,
    TimeSpan? DedupeWindow = null,
    bool Admitted = false,
    IReadOnlyCollection<string>? Exhausted = null,
    CategoryPolicy? CategoryPolicy = null,
    bool Bulk = false,
    string? DeviceId = null,
    string? CardMissingOn = null);
