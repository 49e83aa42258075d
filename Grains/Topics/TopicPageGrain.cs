
namespace Notifications.Grains;

/// <summary>
/// A page is read once per send; between sends it is let go rather than kept in memory. It keeps its subscribers'
/// routing cards, which their user grains send whenever one changes: reentrant, so that the cards of many users
/// changing at once (an import) are stored in a few writes, not one write of the whole page each.
/// </summary>
[CollectionAgeLimit(Minutes = 1)]
[Reentrant]
public sealed class TopicPageGrain([PersistentState("topic-page")] IPersistentState<TopicPageGrainState> page, TimeProvider time) : Grain, ITopicPageGrain
{
    /// <summary>Far longer than any grain call may take: a subscribe that raced a deletion has arrived by then.</summary>
    private static readonly TimeSpan DeletedKeptFor = TimeSpan.FromMinutes(10);

    private CoalescedWrite? _write;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _write = new CoalescedWrite(WriteAsync);
        return Task.CompletedTask;
    }

    /// <summary>A page left with nothing is not kept.</summary>
    private async Task WriteAsync()
    {
        if (page.State is not { Subscribers.Count: 0, Deleted.Count: 0 })
        {
            await page.WriteStateAsync();
            return;
        }

        if (page.RecordExists)
        {
            // Clearing gives the page a new state: what changed in this one while the clear was on its way is kept, for
            // the next write to store.
            var changing = page.State;
            await page.ClearStateAsync();
            page.State = changing;
        }
    }

    public Task UpsertAsync(IReadOnlyList<TopicSubscription> subscriptions, IReadOnlyDictionary<string, RoutingCard>? cards = null)
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

            if (cards?.TryGetValue(subscription.UserId, out var card) == true)
            {
                KeepCard(subscription.UserId, card);
            }
        }

        if (subscribers.Count >= TopicGrain.SubscribersPerPage)
        {
            // Full: the next subscriptions go to the next page; this one is read again at a send.
            DeactivateOnIdle();
        }

        return _write!.WriteAsync();
    }

    public async Task<bool> UpdateCardAsync(string userId, RoutingCard card)
    {
        if (!page.State.Subscribers.Exists(s => s.UserId == userId))
        {
            // Not here (yet): the user sends it again once the subscription may have arrived.
            return false;
        }

        if (KeepCard(userId, card))
        {
            await _write!.WriteAsync();
        }

        return true;
    }

    private bool KeepCard(string userId, RoutingCard card)
    {
        if (page.State.Cards.TryGetValue(userId, out var kept) && kept.Version >= card.Version)
        {
            return false;
        }

        page.State.Cards[userId] = card;
        return true;
    }

    public Task<bool> RemoveAsync(string userId, Guid? deletedIncarnation = null)
    {
        var removed = page.State.Subscribers.RemoveAll(s => s.UserId == userId) > 0;
        page.State.Cards.Remove(userId);
        if (deletedIncarnation is { } incarnation)
        {
            ForgetOldDeletions();
            page.State.Deleted[userId] = new DeletedSubscriber(incarnation, time.GetUtcNow());
        }
        else if (!removed)
        {
            return Task.FromResult(false);
        }

        return WrittenAsync(removed);
    }

    private async Task<bool> WrittenAsync(bool removed)
    {
        await _write!.WriteAsync();
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

    public Task ClearAsync()
    {
        page.State.Subscribers.Clear();
        page.State.Deleted.Clear();
        page.State.Cards.Clear();
        return _write!.WriteAsync();
    }

    public Task<IReadOnlyList<TopicSubscription>> GetAsync() => Task.FromResult<IReadOnlyList<TopicSubscription>>(page.State.Subscribers.ToArray());

    public Task<TopicPageRecipients> GetForSendAsync()
    {
        // Each page of a send is read once: a thousand routing cards are not kept in memory until the page is collected.
        DeactivateOnIdle();
        return Task.FromResult(new TopicPageRecipients(page.State.Subscribers.ToArray(), new Dictionary<string, RoutingCard>(page.State.Cards, StringComparer.Ordinal)));
    }
}
