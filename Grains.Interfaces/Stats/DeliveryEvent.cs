namespace Notifications.Grains;

/// <summary>
/// One step of one notification, as the aggregators count it: a transition into <paramref name="Status"/>, or an
/// <paramref name="Engagement"/> recorded.
/// </summary>
/// <param name="SinceAccepted">From the notification's accept to this step.</param>
/// <param name="UserId">Whose notification it is, and <paramref name="FanOutId"/> and <paramref name="Topic"/> the send to many it is part of: what the message log is searched by.</param>
/// <param name="Earlier">
/// The transitions the notification passed through just before this one, oldest first, when the silo hands them on
/// together: a notification's steps a moment apart travel as one event, not one each.
/// </param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeliveryEvent")]
public sealed record DeliveryEvent(
    string NotificationId,
    NotificationStatus? Status,
    EngagementAction? Engagement,
    string? Channel,
    Priority Priority,
    string? Provider,
    string? Category,
    string? TemplateId,
    DateTimeOffset At,
    TimeSpan SinceAccepted,
    string? UserId = null,
    string? FanOutId = null,
    string? Topic = null,
    IReadOnlyList<DeliveryStep>? Earlier = null)
{
    public DateTimeOffset AcceptedAt => At - SinceAccepted;

    /// <summary>
    /// Each transition this event carries as an event of its own, oldest first: the earlier ones, then this event
    /// itself (whose own transition is its <see cref="Status"/>).
    /// </summary>
    public IEnumerable<DeliveryEvent> Steps()
    {
        foreach (var step in Earlier ?? [])
        {
            yield return this with { Status = step.Status, Channel = step.Channel, Provider = step.Provider, At = step.At, SinceAccepted = step.At - AcceptedAt, Earlier = null };
        }

        yield return this;
    }

    /// <summary>
    /// Whether <paramref name="later"/> is a later transition of the same notification, named the same way, so that
    /// this one can travel in its <see cref="Earlier"/>.
    /// </summary>
    public bool PrecedesSameNotification(DeliveryEvent later) =>
        Status is not null && Earlier is null && later.Status is not null && later.Earlier is null
            && string.Equals(NotificationId, later.NotificationId, StringComparison.Ordinal)
            && AcceptedAt == later.AcceptedAt && Priority == later.Priority
            && string.Equals(UserId, later.UserId, StringComparison.Ordinal) && string.Equals(Category, later.Category, StringComparison.Ordinal)
            && string.Equals(TemplateId, later.TemplateId, StringComparison.Ordinal) && string.Equals(FanOutId, later.FanOutId, StringComparison.Ordinal)
            && string.Equals(Topic, later.Topic, StringComparison.Ordinal);
}
