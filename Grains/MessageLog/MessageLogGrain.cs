using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// A tenant's message log, kept from the same stream of steps its statistics count: a row per notification, made at
/// its first step and moved on by each later one, in pages of rows in about the order they were accepted. A step for
/// a notification this activation has not placed is looked for in the pages whose accept times could hold it, and
/// gets a row in the newest page only where none has one. The steps come from each silo's event pump, which holds
/// them for about a second: a silo that dies takes that second's steps with it, so a row can miss its last step (or,
/// when every step of it was in that second, be missing) until the notification takes another; the notification
/// itself (<c>GET /v1/notifications/{id}</c>) is always whole.
/// </summary>
[ImplicitStreamSubscription(StatsStreams.Namespace)]
[GrainType(GrainTypeName)]
public sealed class MessageLogGrain(
    [PersistentState(MessageLogGrainState.Name)] IPersistentState<MessageLogGrainState> log,
    IOptions<MessageLogOptions> options,
    IOptions<RetentionOptions> retention,
    TimeProvider time) : Grain, IMessageLogGrain, IAsyncObserver<DeliveryEventBatch>
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "messagelog";

    /// <summary>
    /// Notifications placed by this activation, and on which page, in two generations of at most this many each: when
    /// the newer fills, the older is forgotten. Forgotten wholesale, every notification still in flight was looked for
    /// page by page at its next step.
    /// </summary>
    private const int MaxPlaced = 100_000;

    private Dictionary<string, long> _placed = new(StringComparer.Ordinal);

    private Dictionary<string, long> _placedBefore = new(StringComparer.Ordinal);

    private int _openCount;

    private DateTimeOffset _retentionCheckedAt;

    private List<MessageLogPageInfo> Pages => log.State.Pages;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Pages.Count > 0)
        {
            _openCount = Pages[^1].Count;
        }

        return this.GetStreamProvider(StatsStreams.Provider).GetStream<DeliveryEventBatch>(StatsStreams.For(this.GetPrimaryKeyString())).SubscribeAsync(this);
    }

    public async Task OnNextAsync(DeliveryEventBatch batch, StreamSequenceToken? token = null)
    {
        var rows = DeliveryEventBatchBuilder.Folded(batch).Rows ?? [];
        if (rows.Count == 0)
        {
            return;
        }

        if (Pages.Count == 0)
        {
            Pages.Add(new MessageLogPageInfo(0, rows.Min(s => s.AcceptedAt), rows.Max(s => s.AcceptedAt), 0));
        }

        var work = new List<Task>();
        var unplaced = new List<MessageLogRow>();
        foreach (var placed in rows.GroupBy(s => PlacedOn(s.NotificationId)))
        {
            if (placed.Key < 0)
            {
                unplaced.AddRange(placed);
            }
            else
            {
                work.Add(Page(placed.Key).ApplyAsync([.. placed]));
            }
        }

        // Looked for where their accept times could be, but for the newest page, where what is still missing goes.
        var open = Pages[^1];
        var closed = Pages.Take(Pages.Count - 1).ToArray();
        var missing = new HashSet<string>(unplaced.Select(s => s.NotificationId), StringComparer.Ordinal);
        var (unplacedFrom, unplacedTo) = unplaced.Count > 0 ? (unplaced.Min(s => s.AcceptedAt), unplaced.Max(s => s.AcceptedAt)) : (DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
        foreach (var candidate in closed.Where(p => p.Newest >= unplacedFrom && p.Oldest <= unplacedTo && unplaced.Any(s => s.AcceptedAt >= p.Oldest && s.AcceptedAt <= p.Newest)))
        {
            var there = unplaced.Where(s => missing.Contains(s.NotificationId) && s.AcceptedAt >= candidate.Oldest && s.AcceptedAt <= candidate.Newest).ToArray();
            if (there.Length == 0)
            {
                continue;
            }

            var notThere = (await Page(candidate.Number).ApplyAsync(there)).ToHashSet(StringComparer.Ordinal);
            foreach (var found in there.Select(s => s.NotificationId).Where(id => !notThere.Contains(id)))
            {
                missing.Remove(found);
                Place(found, candidate.Number);
            }
        }

        var fresh = unplaced.Where(s => missing.Contains(s.NotificationId)).ToArray();
        if (fresh.Length > 0)
        {
            // Counted as the page counts them: a step of a row already on it (after a reactivation) makes none.
            _openCount += await Page(open.Number).AddAsync(fresh);
            foreach (var id in fresh.Select(s => s.NotificationId).Distinct(StringComparer.Ordinal))
            {
                Place(id, open.Number);
            }

            Pages[^1] = open with
            {
                Oldest = Min(open.Oldest, fresh.Min(s => s.AcceptedAt)),
                Newest = Max(open.Newest, fresh.Max(s => s.AcceptedAt)),
                Count = _openCount,
            };
        }

        await Task.WhenAll(work);
        if (_openCount >= options.Value.PageSize)
        {
            var newest = Pages[^1].Newest;
            Pages.Add(new MessageLogPageInfo(Pages[^1].Number + 1, newest, newest, 0));
            _openCount = 0;
        }

        await ForgetExpiredAsync();
        if (fresh.Length > 0)
        {
            await log.WriteStateAsync();
        }
    }

    public async Task<MessageLogPage> SearchAsync(MessageLogFilter filter, MessageLogCursor? after, int limit)
    {
        var results = new List<MessageLogRow>();
        var read = 0;
        foreach (var page in Pages.OrderByDescending(p => p.Newest).ToArray())
        {
            if ((filter.To is { } to && page.Oldest >= to) || (filter.From is { } from && page.Newest < from) || (after is { } cursor && page.Oldest > cursor.AcceptedAt))
            {
                continue;
            }

            if (results.Count >= limit && page.Newest < results[limit - 1].AcceptedAt)
            {
                // Pages come newest first: none further holds a row among the newest found.
                break;
            }

            if (read == options.Value.MaxPagesPerSearch)
            {
                // Bounded: what was found above this page's newest row is complete; the rest is for the next page of results.
                var boundary = new MessageLogCursor(page.Newest.AddTicks(1), "");
                return new MessageLogPage([.. results.Where(r => !r.IsAfter(boundary))], boundary);
            }

            read++;
            results.AddRange(await Page(page.Number).SearchAsync(filter, after, limit));
            results.Sort(MessageLogRow.NewestFirst);
            if (results.Count > limit)
            {
                results.RemoveRange(limit, results.Count - limit);
            }
        }

        return new MessageLogPage(results, results.Count == limit ? new MessageLogCursor(results[^1].AcceptedAt, results[^1].NotificationId) : null);
    }

    /// <summary>Pages whose newest notification is past the tenant's retention go, checked at most once an hour.</summary>
    private async Task ForgetExpiredAsync()
    {
        var now = time.GetUtcNow();
        if (now - _retentionCheckedAt < TimeSpan.FromHours(1))
        {
            return;
        }

        _retentionCheckedAt = now;
        var cutoff = now - await RetentionJournal.RetentionOfAsync(GrainFactory, this.GetPrimaryKeyString(), retention.Value);
        var expired = Pages.Take(Pages.Count - 1).Where(p => p.Newest < cutoff).ToArray();
        foreach (var page in expired)
        {
            await Page(page.Number).ClearAsync();
            Pages.Remove(page);
        }

        if (expired.Length > 0)
        {
            var gone = expired.Select(e => e.Number).ToHashSet();
            foreach (var placed in new[] { _placed, _placedBefore })
            {
                foreach (var id in placed.Where(p => gone.Contains(p.Value)).Select(p => p.Key).ToArray())
                {
                    placed.Remove(id);
                }
            }

            await log.WriteStateAsync();
        }
    }

    private long PlacedOn(string notificationId)
    {
        if (_placed.TryGetValue(notificationId, out var page))
        {
            return page;
        }

        if (!_placedBefore.TryGetValue(notificationId, out page))
        {
            return -1;
        }

        // Still taking steps: it moves into the newer generation, so that a notification waiting long is not forgotten.
        Place(notificationId, page);
        return page;
    }

    private void Place(string notificationId, long page)
    {
        if (_placed.Count >= MaxPlaced)
        {
            _placedBefore = _placed;
            _placed = new(StringComparer.Ordinal);
        }

        _placed[notificationId] = page;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private IMessageLogPageGrain Page(long number) =>
        GrainFactory.GetGrain<IMessageLogPageGrain>($"{this.GetPrimaryKeyString()}/{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
