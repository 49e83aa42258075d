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

    /// <summary>The subscribers' routing cards by user id; a subscriber without one (subscribed before cards were kept) is routed by their grain.</summary>
    [Id(2)]
    public Dictionary<string, RoutingCard> Cards { get; set; } = [];
}
