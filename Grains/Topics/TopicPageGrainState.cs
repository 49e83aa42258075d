namespace Notifications.Grains;

public sealed class TopicPageGrainState
{
    /// <summary>In the order the users subscribed.</summary>
    public List<TopicSubscription> Subscribers { get; set; } = [];
}
