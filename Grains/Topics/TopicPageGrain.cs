
namespace Notifications.Grains;

/// <summary>A page is read once per send; between sends it is let go rather than kept in memory.</summary>
[CollectionAgeLimit(Minutes = 1)]
public sealed class TopicPageGrain([PersistentState("topic-page")] IPersistentState<TopicPageGrainState> page) : Grain, ITopicPageGrain
{
    public async Task UpsertAsync(IReadOnlyList<TopicSubscription> subscriptions)
    {
        var subscribers = page.State.Subscribers;
        var index = new Dictionary<string, int>(subscribers.Count, StringComparer.Ordinal);
        for (var i = 0; i < subscribers.Count; i++)
        {
            index[subscribers[i].UserId] = i;
        }

        foreach (var subscription in subscriptions)
        {
            if (index.TryGetValue(subscription.UserId, out var at))
            {
                // A user subscribed already keeps the date they first subscribed.
                subscribers[at] = subscription with { SubscribedAt = subscribers[at].SubscribedAt };
            }
            else
            {
                index[subscription.UserId] = subscribers.Count;
                subscribers.Add(subscription);
            }
        }

        await page.WriteStateAsync();
    }

    public async Task<bool> RemoveAsync(string userId)
    {
        if (page.State.Subscribers.RemoveAll(s => s.UserId == userId) == 0)
        {
            return false;
        }

        await page.WriteStateAsync();
        return true;
    }

    public Task ClearAsync() => page.ClearStateAsync();

    public Task<IReadOnlyList<TopicSubscription>> GetAsync() => Task.FromResult<IReadOnlyList<TopicSubscription>>(page.State.Subscribers.ToArray());
}
