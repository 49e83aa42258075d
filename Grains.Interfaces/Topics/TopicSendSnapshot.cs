namespace Notifications.Grains;

/// <summary>How far one send to a topic has fanned out.</summary>
/// <param name="Pages">The topic's pages of subscribers when the send was accepted; later subscribers are not included.</param>
/// <param name="PagesDone">Pages whose subscribers all have their notification.</param>
/// <param name="Notifications">Notifications made for subscribers.</param>
/// <param name="Skipped">Subscribers who already had this send's notification (a page fanned out again after a crash).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicSendSnapshot")]
public sealed record TopicSendSnapshot(
    string SendId,
    string TopicId,
    FanOutStatus Status,
    int Pages,
    int PagesDone,
    long Notifications,
    long Skipped,
    NotificationRequest Request,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? CompletedAt);
