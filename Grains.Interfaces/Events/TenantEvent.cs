namespace Notifications.Grains;

/// <summary>
/// One thing that happened to one of a tenant's notifications (or, for an alert, to its delivery as a whole), as its
/// event endpoints receive it. <paramref name="Id"/> is stable: the same step published twice (after a crash) or
/// replayed carries the same id, for the receiver to dedupe.
/// </summary>
/// <param name="Attempt">The attempt the step belongs to; 0 before the first.</param>
/// <param name="Reason">What the history says about the step: why it was suppressed, what the provider answered; for an alert, what is wrong.</param>
/// <param name="Alert">For an alert, the condition (<see cref="AlertKinds"/>); <paramref name="AlertId"/> names one occurrence, raised and then resolved.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TenantEvent")]
public sealed record TenantEvent(
    string Id,
    string Type,
    DateTimeOffset At,
    string? NotificationId,
    string? UserId,
    string? Channel = null,
    string? Provider = null,
    int Attempt = 0,
    string? Reason = null,
    string? Category = null,
    Priority? Priority = null,
    string? Alert = null,
    string? AlertId = null)
{
    /// <summary>What the event is kept in order with: a notification's events (an alert's) reach an endpoint in the order they happened.</summary>
    public string OrderKey => NotificationId ?? AlertId ?? Type;
}
