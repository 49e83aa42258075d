namespace Notifications.Grains;

/// <summary>
/// One step of one notification, as the aggregators count it: a transition into <paramref name="Status"/>, or an
/// <paramref name="Engagement"/> recorded.
/// </summary>
/// <param name="SinceAccepted">From the notification's accept to this step.</param>
/// <param name="UserId">Whose notification it is, and <paramref name="FanOutId"/> and <paramref name="Topic"/> the send to many it is part of: what the message log is searched by.</param>
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
    string? Topic = null)
{
    public DateTimeOffset AcceptedAt => At - SinceAccepted;
}
