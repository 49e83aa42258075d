using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>One page of a topic's subscribers, keyed <c>tenant/topic/page</c>.</summary>
public interface ITopicPageGrain : IGrainWithStringKey
{
    /// <summary>Adds these subscriptions, replacing any of the same users.</summary>
    Task UpsertAsync(IReadOnlyList<TopicSubscription> subscriptions);

    Task<bool> RemoveAsync(string userId);

    /// <summary>Forgets the whole page.</summary>
    Task ClearAsync();

    /// <summary>The page's subscriptions in the order they came.</summary>
    [ReadOnly]
    Task<IReadOnlyList<TopicSubscription>> GetAsync();
}
