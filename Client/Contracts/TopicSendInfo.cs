namespace Notifications.Client;

/// <summary>How far a send to a topic has fanned out.</summary>
/// <param name="Pages">The topic's pages of subscribers when the send was accepted; who subscribes later is not included.</param>
/// <param name="Notifications">Subscribers' notifications made so far; each is read at <c>/v1/topics/{topic}/sends/{send}/recipients/{user}</c>.</param>
/// <param name="Skipped">Subscribers found with their notification made already, when a page was fanned out again after a crash.</param>
public sealed record TopicSendInfo(
    string Id,
    string TopicId,
    FanOutState Status,
    int Pages,
    int PagesDone,
    long Notifications,
    long Skipped,
    FanOutNotification Send,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? CompletedAt);
