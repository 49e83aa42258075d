namespace Notifications.Grains;

/// <summary>What the user grain needs to route one notification.</summary>
/// <param name="Admitted">
/// The notification already passed dedupe and rate limits on an earlier attempt: a retry is not counted again.
/// </param>
public sealed record RoutingRequest(
    string NotificationId,
    Priority Priority,
    string? Category = null,
    string? Channel = null,
    DateTime? SendAtLocal = null,
    string? DedupeKey = null,
    TimeSpan? DedupeWindow = null,
    bool Admitted = false);
