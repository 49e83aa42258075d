
namespace Notifications.Grains;

/// <summary>
/// The index of one tenant's dead letters. The notifications themselves hold the truth: an entry whose notification
/// was replayed is dropped when it is replayed, and a replay of a stale entry finds the notification and says so.
/// The index keeps the latest <see cref="MaxKept"/>: a tenant whose sends all fail must not grow one state without
/// end. An entry dropped for that leaves its notification dead-lettered, still replayable by its id.
/// </summary>
public sealed class DeadLetterGrain([PersistentState("dead-letters")] IPersistentState<DeadLetterGrainState> index) : Grain, IDeadLetterGrain
{
    public const int MaxKept = 1_000;

    public async Task AddAsync(DeadLetter deadLetter)
    {
        if (index.State.Items.Any(d => d.NotificationId == deadLetter.NotificationId))
        {
            return;
        }

        index.State.Items.Add(deadLetter);
        if (index.State.Items.Count > MaxKept)
        {
            index.State.Items.RemoveRange(0, index.State.Items.Count - MaxKept);
        }

        await index.WriteStateAsync();
    }

    public async Task RemoveAsync(string notificationId)
    {
        if (index.State.Items.RemoveAll(d => d.NotificationId == notificationId) > 0)
        {
            await index.WriteStateAsync();
        }
    }

    public async Task ForgetUserAsync(string userId)
    {
        if (index.State.Items.RemoveAll(d => d.UserId == userId) > 0)
        {
            await index.WriteStateAsync();
        }
    }

    public Task<DeadLetterPage> ListAsync(string? after, int limit)
    {
        var items = index.State.Items;
        var start = after is null ? 0 : items.FindIndex(d => d.NotificationId == after) + 1;
        var page = items.Skip(start).Take(limit).ToArray();
        var next = start + page.Length < items.Count && page.Length > 0 ? page[^1].NotificationId : null;
        return Task.FromResult(new DeadLetterPage(page, items.Count, next));
    }
}
