namespace Notifications.Grains;

/// <param name="Next">The next page to read, or null after the last.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicSubscriberPage")]
public sealed record TopicSubscriberPage(IReadOnlyList<TopicSubscription> Subscribers, int? Next);
