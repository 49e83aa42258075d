
namespace Notifications.Grains;

[GrainType(TopicGrain.GrainTypeName)]
public sealed class TopicGrain(
    [PersistentState(TopicGrain.StateName)] IPersistentState<TopicGrainState> topic,
    Microsoft.Extensions.Options.IOptions<DeliveryOptions> options,
    Microsoft.Extensions.Logging.ILogger<TopicGrain> logger) : PagedJobGrain("delete", options, logger), ITopicGrain
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "topic";

    public const string StateName = "topic";

    /// <summary>A page is the unit of fan-out: what a crash can make the fan-out do again.</summary>
    public const int SubscribersPerPage = 1_000;

    private const int RecentSendsKept = 100;


    /// <summary>User grains asked at once in a bulk subscription.</summary>
    private const int ParallelJoins = 64;

    private TopicGrainState State => topic.State;

    /// <summary>Created and not being deleted: the topic takes reads, subscriptions and sends.</summary>
    private bool IsLive => State.Definition is not null && State.DeletingFromPage is null;

    /// <summary>The topic is being deleted: its subscribers are let go a page at a time.</summary>
    protected override bool IsRunning => State.DeletingFromPage is not null;

    /// <summary>Its work is letting the subscribers of a deleted topic go: nothing is kept of it to remove later.</summary>
    protected override Task ListForRemovalAsync() => Task.CompletedTask;

    private string TopicId => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    private string Tenant => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/')];

    public async Task<(bool Created, TopicSnapshot Topic)> CreateAsync(TopicDefinition definition)
    {
        if (State.Definition is not null)
        {
            return (false, Snapshot());
        }

        // Listed first: a crash in between leaves a listing the topic list skips, never a topic it cannot find.
        await Directory().AddAsync(TopicId);
        State.Definition = definition;
        await topic.WriteStateAsync();
        return (true, Snapshot());
    }

    public Task<TopicSnapshot?> GetAsync() => Task.FromResult(IsLive ? Snapshot() : null);

    public async Task<SubscribeOutcome?> SubscribeAsync(IReadOnlyList<TopicSubscription> subscriptions)
    {
        if (!IsLive)
        {
            return null;
        }

        // The last word for a user named twice wins, as if the two had come one after the other.
        var distinct = subscriptions.GroupBy(s => s.UserId, StringComparer.Ordinal).Select(g => g.Last()).ToArray();
        // Places are handed out as if every user were new and recorded before any user hears of them: a crash
        // leaves places unused, never two subscribers sent to one place nobody reads.
        var places = new int[distinct.Length];
        for (var i = 0; i < distinct.Length; i++)
        {
            if (State.Pages == 0 || State.LastPageFill >= SubscribersPerPage)
            {
                State.Pages++;
                State.LastPageFill = 0;
            }

            places[i] = State.Pages - 1;
            State.LastPageFill++;
        }

        await topic.WriteStateAsync();
        var memberships = new TopicMembership[distinct.Length];
        var bulk = distinct.Length > 1;
        await Concurrently.ForEachAsync(distinct, ParallelJoins, async (subscription, i) =>
            memberships[i] = await User(subscription.UserId).JoinTopicAsync(TopicId, places[i], bulk));

        await Task.WhenAll(distinct.Select((s, i) => (Subscription: s with { Incarnation = memberships[i].Incarnation }, memberships[i].Page, memberships[i].Card))
            .GroupBy(s => s.Page)
            .Select(page => Page(page.Key).UpsertAsync(page.Select(p => p.Subscription).ToArray(),
                page.Where(p => p.Card is not null).ToDictionary(p => p.Subscription.UserId, p => p.Card!, StringComparer.Ordinal))));

        var added = memberships.Count(m => m.Joined);
        State.SubscriberCount += added;
        await topic.WriteStateAsync();
        return new SubscribeOutcome(added, distinct.Length - added);
    }

    public async Task<bool> UnsubscribeAsync(string userId)
    {
        if (!IsLive || await User(userId).LeaveTopicAsync(TopicId) is not { } page)
        {
            return false;
        }

        // The user may have left already, but not the page (its removal failed): removed from it now.
        return await ForgetSubscriberAsync(userId, page);
    }

    public async Task SubscriberLeftAsync()
    {
        State.SubscriberCount = Math.Max(0, State.SubscriberCount - 1);
        await topic.WriteStateAsync();
    }

    private async Task<bool> ForgetSubscriberAsync(string userId, int page)
    {
        if (!await Page(page).RemoveAsync(userId))
        {
            return false;
        }

        await SubscriberLeftAsync();
        return true;
    }

    public async Task<TopicSubscriberPage?> GetSubscribersAsync(int page)
    {
        if (!IsLive)
        {
            return null;
        }

        var subscribers = page >= 0 && page < State.Pages ? await Page(page).GetAsync() : [];
        return new TopicSubscriberPage(subscribers, page + 1 < State.Pages ? page + 1 : null);
    }

    public async Task<TopicSendResult?> SendAsync(string sendId, NotificationRequest request, string requestHash)
    {
        if (!IsLive || State.Definition is not { } definition)
        {
            return null;
        }

        var result = await GrainFactory.GetGrain<ITopicSendGrain>(sendId)
            .StartAsync(Tenant, new TopicSendStart(TopicId, request, definition.ServiceType, State.Pages, requestHash));
        if (result.Outcome == AcceptOutcome.Accepted)
        {
            State.RecentSends.Insert(0, sendId);
            if (State.RecentSends.Count > RecentSendsKept)
            {
                State.RecentSends.RemoveRange(RecentSendsKept, State.RecentSends.Count - RecentSendsKept);
            }

            await topic.WriteStateAsync();
        }

        return result;
    }

    public async Task<(bool Deleted, bool Finished)> DeleteAsync()
    {
        if (!IsLive)
        {
            return (false, false);
        }

        if (State.Pages == 0)
        {
            await ForgetAsync();
            return (true, true);
        }

        State.DeletingFromPage = 0;
        await StartAsync(() => topic.WriteStateAsync());
        return (true, false);
    }

    protected override async Task<bool> RunNextPageAsync(CancellationToken cancellationToken)
    {
        var next = State.DeletingFromPage!.Value;
        if (next >= State.Pages)
        {
            await ForgetAsync();
            return true;
        }

        var page = Page(next);
        var subscribers = await page.GetAsync();
        await Concurrently.ForEachAsync(subscribers, ParallelJoins, async (s, _) =>
            await User(s.UserId).LeaveTopicAsync(TopicId, bulk: true), cancellationToken);
        await page.ClearAsync();
        State.DeletingFromPage = next + 1;
        await topic.WriteStateAsync();
        return false;
    }

    public async Task EnsureListedAsync()
    {
        if (IsLive)
        {
            await Directory().AddAsync(TopicId);
        }
    }

    private async Task ForgetAsync()
    {
        await topic.ClearStateAsync();
        await Directory().RemoveAsync(TopicId);
    }

    public Task<IReadOnlyList<string>> ListSendsAsync() => Task.FromResult<IReadOnlyList<string>>(State.RecentSends.ToArray());

    private TopicSnapshot Snapshot() => new(TopicId, State.Definition!, State.SubscriberCount, State.Pages);

    private ITopicDirectoryGrain Directory() => GrainFactory.GetGrain<ITopicDirectoryGrain>(Tenant);

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(UserKey.For(Tenant, userId));

    private ITopicPageGrain Page(int page) => GrainFactory.GetGrain<ITopicPageGrain>(TopicKey.Page(this.GetPrimaryKeyString(), page));
}
