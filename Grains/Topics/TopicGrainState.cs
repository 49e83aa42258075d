namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TopicGrainState")]
public sealed class TopicGrainState
{
    [Id(0)]
    public TopicDefinition? Definition { get; set; }

    [Id(1)]
    public long SubscriberCount { get; set; }

    /// <summary>Pages in use; new subscribers go to the last one until it is full.</summary>
    [Id(2)]
    public int Pages { get; set; }

    /// <summary>Places handed out on the last page, taken or not.</summary>
    [Id(3)]
    public int LastPageFill { get; set; }

    /// <summary>While the topic is being deleted: the next page of subscribers to let go.</summary>
    [Id(4)]
    public int? DeletingFromPage { get; set; }

    /// <summary>The latest sends' ids, newest first.</summary>
    [Id(5)]
    public List<string> RecentSends { get; set; } = [];
}
