namespace Notifications.Client;

/// <summary>Up to 1,000 users subscribed in one request.</summary>
public sealed record SubscribeManyToTopic(IReadOnlyList<TopicSubscriber> Subscribers);
