namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TopicPageGrainState")]
public sealed class TopicPageGrainState
{
    /// <summary>In the order the users subscribed.</summary>
    [Id(0)]
    public List<TopicSubscription> Subscribers { get; set; } = [];

    /// <summary>Users deleted lately, by id: the life that was deleted and when, kept only as long as a racing subscribe could arrive.</summary>
    [Id(1)]
    public Dictionary<string, DeletedSubscriber> Deleted { get; set; } = [];
}
