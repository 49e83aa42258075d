namespace Notifications.Grains;

/// <param name="Pages">Subscribers are kept in pages in the order they came; a send fans out page by page.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicSnapshot")]
public sealed record TopicSnapshot(string TopicId, TopicDefinition Definition, long SubscriberCount, int Pages);
