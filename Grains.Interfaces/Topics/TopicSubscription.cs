namespace Notifications.Grains;

/// <summary>One user's subscription to a topic.</summary>
/// <param name="Channel">The channel this subscriber takes the topic's notifications through; null for the topic's own.</param>
/// <param name="Priority">Raises the priority of this subscriber's notifications from the topic; a send's higher priority still wins.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicSubscription")]
/// <param name="Incarnation">The life of the user it belongs to, as their grain answered when they joined.</param>
public sealed record TopicSubscription(string UserId, string? Channel, Priority? Priority, DateTimeOffset SubscribedAt, Guid? Incarnation = null);
