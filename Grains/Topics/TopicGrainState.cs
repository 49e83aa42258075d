namespace Notifications.Grains;

public sealed class TopicGrainState
{
    public TopicDefinition? Definition { get; set; }

    public long SubscriberCount { get; set; }

    /// <summary>Pages in use; new subscribers go to the last one until it is full.</summary>
    public int Pages { get; set; }

    /// <summary>Places handed out on the last page, taken or not.</summary>
    public int LastPageFill { get; set; }

    /// <summary>While the topic is being deleted: the next page of subscribers to let go.</summary>
    public int? DeletingFromPage { get; set; }

    /// <summary>The latest sends' ids, newest first.</summary>
    public List<string> RecentSends { get; set; } = [];
}
