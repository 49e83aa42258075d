namespace Notifications.Client;

/// <param name="Next">The page to ask for next, or null after the last.</param>
public sealed record TopicSubscriberList(IReadOnlyList<TopicSubscriberInfo> Subscribers, int? Next);
