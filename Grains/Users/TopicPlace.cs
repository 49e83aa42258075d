namespace Notifications.Grains;

/// <summary>A page of a topic's subscribers the user has been on: the topic's sends over it may have reached them.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicPlace")]
public sealed record TopicPlace(string TopicId, int Page);
