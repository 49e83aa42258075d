namespace Notifications.Grains;

/// <summary>A topic page's subscriptions in the order they came, and the routing cards it keeps of them by user id.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicPageRecipients")]
public sealed record TopicPageRecipients(IReadOnlyList<TopicSubscription> Subscribers, IReadOnlyDictionary<string, RoutingCard> Cards);
