
namespace Notifications.Grains;

/// <summary>
/// Keeps a user's in-app notifications, at most <see cref="Capacity"/> (the oldest go first, archived before
/// unread), and tells connected clients of every change over the inbox's live stream.
/// </summary>
public sealed class InboxGrain(
    [PersistentState("inbox")] IPersistentState<InboxGrainState> inbox,
    TimeProvider time) : Grain, IInboxGrain
{
    public const int Capacity = 1000;

    private List<InboxItem> Items => inbox.State.Items;

    public async Task<bool> AddAsync(InboxItem item)
    {
        if (Items.Any(i => i.NotificationId == item.NotificationId))
        {
            return false;
        }

        Items.Add(item);
        if (Items.Count > Capacity)
        {
            var evicted = Items.FirstOrDefault(i => i.ArchivedAt is not null) ?? Items[0];
            Items.Remove(evicted);
        }

        await inbox.WriteStateAsync();
        await PublishAsync(item);
        return true;
    }

    public Task<InboxPage> ListAsync(InboxFilter filter, int limit, string? cursor)
    {
        // The cursor is the id of the last item of the previous page: stable while new items arrive on top.
        var newestFirst = Enumerable.Reverse(Items).Where(i => Matches(i, filter));
        if (cursor is not null)
        {
            newestFirst = newestFirst.SkipWhile(i => i.NotificationId != cursor).Skip(1);
        }

        var page = newestFirst.Take(limit + 1).ToList();
        var next = page.Count > limit ? page[limit - 1].NotificationId : null;
        return Task.FromResult(new InboxPage(page.Take(limit).ToArray(), UnreadCount(), next));
    }

    public Task<int> UnreadCountAsync() => Task.FromResult(UnreadCount());

    public Task<bool> IsReadAsync(string notificationId) =>
        Task.FromResult(Items.Any(i => i.NotificationId == notificationId && i.ReadAt is not null));

    public Task<int> MarkReadAsync(IReadOnlyCollection<string>? notificationIds)
    {
        var now = time.GetUtcNow();
        return ChangeAsync(i => i.ReadAt is null && (notificationIds is null || notificationIds.Contains(i.NotificationId)), i => i with { ReadAt = now });
    }

    public Task<int> ArchiveAsync(IReadOnlyCollection<string> notificationIds)
    {
        var now = time.GetUtcNow();
        return ChangeAsync(i => i.ArchivedAt is null && notificationIds.Contains(i.NotificationId), i => i with { ArchivedAt = now, ReadAt = i.ReadAt ?? now });
    }

    public async Task ClearAsync()
    {
        await inbox.ClearStateAsync();
        await PublishAsync(item: null);
    }

    private async Task<int> ChangeAsync(Func<InboxItem, bool> applies, Func<InboxItem, InboxItem> change)
    {
        var read = new List<string>();
        var changed = 0;
        for (var i = 0; i < Items.Count; i++)
        {
            if (applies(Items[i]))
            {
                var before = Items[i];
                Items[i] = change(before);
                changed++;
                if (before.ReadAt is null && Items[i].ReadAt is not null && WorkflowRunIds.RunOfSend(before.NotificationId) is { } runId)
                {
                    read.Add(runId);
                }
            }
        }

        if (changed > 0)
        {
            await inbox.WriteStateAsync();
            await PublishAsync(item: null);
        }

        // A run may be waiting to hear that its message was opened: told one way.
        foreach (var runId in read.Distinct())
        {
            await GrainFactory.Get<IWorkflowRunGrain>(runId).WakeAsync();
        }

        return changed;
    }

    private int UnreadCount() => Items.Count(i => i.ReadAt is null && i.ArchivedAt is null);

    private static bool Matches(InboxItem item, InboxFilter filter) => filter switch
    {
        InboxFilter.Unread => item.ReadAt is null && item.ArchivedAt is null,
        InboxFilter.Archived => item.ArchivedAt is not null,
        InboxFilter.All => true,
        _ => item.ArchivedAt is null,
    };

    private Task PublishAsync(InboxItem? item)
    {
        var key = this.GetPrimaryKeyString();
        return this.GetStreamProvider(InboxStreams.Provider)
            .GetStream<InboxEvent>(InboxStreams.For(key))
            .OnNextAsync(new InboxEvent(item, UnreadCount()));
    }
}
