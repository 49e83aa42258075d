namespace Notifications.Grains;

/// <summary>One page of a topic's subscribers, keyed <c>tenant/topic/page</c>.</summary>
[Alias("Notifications.Grains.ITopicPageGrain")]
public interface ITopicPageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds these subscriptions, replacing any of the same users, with the users' routing <paramref name="cards"/>
    /// (by user id; a page keeps the later of two cards of a user).
    /// </summary>
    [Alias("UpsertAsync")]
    Task UpsertAsync(IReadOnlyList<TopicSubscription> subscriptions, IReadOnlyDictionary<string, RoutingCard>? cards = null);

    /// <summary>
    /// The user's routing card changed: kept if it is later than the page's. False when the page does not list the
    /// user (their subscription may still be on its way).
    /// </summary>
    [Alias("UpdateCardAsync")]
    Task<bool> UpdateCardAsync(string userId, RoutingCard card);

    /// <summary>The page's subscriptions with the routing cards it keeps of them, for a send.</summary>
    [ReadOnly]
    [Alias("GetForSendAsync")]
    Task<TopicPageRecipients> GetForSendAsync();

    /// <summary>
    /// Takes the user out. With <paramref name="deletedIncarnation"/> (the user was deleted), a subscription of that
    /// life arriving later (a subscribe that raced the deletion) is turned away for a while.
    /// </summary>
    [Alias("RemoveAsync")]
    Task<bool> RemoveAsync(string userId, Guid? deletedIncarnation = null);

    /// <summary>Forgets the whole page.</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();

    /// <summary>The page's subscriptions in the order they came.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<IReadOnlyList<TopicSubscription>> GetAsync();
}
