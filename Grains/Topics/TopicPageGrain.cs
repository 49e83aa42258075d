
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

    /// <summary>
    /// Cards of users not (yet) on the page: a card sent between a user's joining and their subscription's arrival
    /// here is later than the one the subscription brings.
    /// </summary>
    private readonly Dictionary<string, RoutingCard> _early = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A page left with nothing is not kept.
        _write = new CoalescedWrite(() => page.State is { Subscribers.Count: 0, Deleted.Count: 0 }
            ? page.RecordExists ? page.ClearStateAsync() : Task.CompletedTask
            : page.WriteStateAsync());
        return Task.CompletedTask;
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

            if (_early.Remove(subscription.UserId, out var early))
            {
                KeepCard(subscription.UserId, early);
            }

            if (cards?.TryGetValue(subscription.UserId, out var card) == true)
            {
                KeepCard(subscription.UserId, card);
            }
        }

        return _write!.WriteAsync();
    }

    public Task UpdateCardAsync(string userId, RoutingCard card)
    {
        if (!page.State.Subscribers.Exists(s => s.UserId == userId))
        {
            if (!_early.TryGetValue(userId, out var early) || early.Version < card.Version)
            {
                _early[userId] = card;
            }

            return Task.CompletedTask;
        }

        return KeepCard(userId, card) ? _write!.WriteAsync() : Task.CompletedTask;
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
        _early.Remove(userId);
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
        _early.Clear();
        return _write!.WriteAsync();
    }

    public Task<IReadOnlyList<TopicSubscription>> GetAsync() => Task.FromResult<IReadOnlyList<TopicSubscription>>(page.State.Subscribers.ToArray());

    public Task<TopicPageRecipients> GetForSendAsync() =>
        Task.FromResult(new TopicPageRecipients(page.State.Subscribers.ToArray(), new Dictionary<string, RoutingCard>(page.State.Cards, StringComparer.Ordinal)));
}
