namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TopicPageGrainState")]
public sealed class TopicPageGrainState
{
    /// <summary>In the order the users subscribed.</summary>
    [Id(0)]
    public List<TopicSubscription> Subscribers { get; set; } = [];
}
