
namespace Notifications.Grains;

/// <summary>A page is read once per send; between sends it is let go rather than kept in memory.</summary>
[CollectionAgeLimit(Minutes = 1)]
public sealed class TopicPageGrain([PersistentState("topic-page")] IPersistentState<TopicPageGrainState> page, TimeProvider time) : Grain, ITopicPageGrain
{
    /// <summary>Far longer than any grain call may take: a subscribe that raced a deletion has arrived by then.</summary>
    private static readonly TimeSpan DeletedKeptFor = TimeSpan.FromMinutes(10);

    public async Task UpsertAsync(IReadOnlyList<TopicSubscription> subscriptions)
    {
        ForgetOldDeletions();
        var subscribers = page.State.Subscribers;
        var index = new Dictionary<string, int>(subscribers.Count, StringComparer.Ordinal);
        for (var i = 0; i < subscribers.Count; i++)
        {
            index[subscribers[i].UserId] = i;
        }

        foreach (var subscription in subscriptions)
        {
            if (page.State.Deleted.TryGetValue(subscription.UserId, out var deleted) && subscription.Incarnation == deleted.Incarnation)
            {
                // Joined before the user was deleted, arriving after: the deletion has the last word.
                continue;
            }

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

    public async Task<bool> RemoveAsync(string userId, Guid? deletedIncarnation = null)
    {
        var removed = page.State.Subscribers.RemoveAll(s => s.UserId == userId) > 0;
        if (deletedIncarnation is { } incarnation)
        {
            ForgetOldDeletions();
            page.State.Deleted[userId] = new DeletedSubscriber(incarnation, time.GetUtcNow());
        }
        else if (!removed)
        {
            return false;
        }

        await page.WriteStateAsync();
        return removed;
    }

    private void ForgetOldDeletions()
    {
        var before = time.GetUtcNow() - DeletedKeptFor;
        foreach (var (userId, deleted) in page.State.Deleted)
        {
            if (deleted.At < before)
            {
                page.State.Deleted.Remove(userId);
            }
        }
    }

    public Task ClearAsync() => page.ClearStateAsync();

    public Task<IReadOnlyList<TopicSubscription>> GetAsync() => Task.FromResult<IReadOnlyList<TopicSubscription>>(page.State.Subscribers.ToArray());
}
