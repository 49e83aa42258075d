namespace Notifications.Grains;

/// <summary>A send to a topic, as the topic hands it to its fan-out.</summary>
/// <param name="Request">The notification each subscriber gets; its user id is left empty.</param>
/// <param name="Pages">How many of the topic's pages to fan out over.</param>
/// <param name="RequestHash">Tells a repeated send (same id, same hash) from a conflicting one.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicSendStart")]
public sealed record TopicSendStart(string TopicId, NotificationRequest Request, string? ServiceType, int Pages, string RequestHash);
