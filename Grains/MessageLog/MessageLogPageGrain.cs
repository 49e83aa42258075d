using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// A page of a tenant's message log. Its rows change with every batch of steps, and the page is written a second after
/// the first change rather than at each (a page of 2,000 rows rewritten at every batch was a seventh of the silo's CPU
/// under load): the log is kept from steps a silo already holds for a moment, so a silo that dies can take its last
/// second with it either way, and the notifications themselves are whole. A page that nothing has changed on for a while
/// since its activation or its last write is let go (its rows are stored): the rows of notifications waiting for their
/// send time need not stay in memory while they wait.
/// </summary>
[GrainType(GrainTypeName)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class MessageLogPageGrain(
    [PersistentState(MessageLogPageGrainState.Name)] IPersistentState<MessageLogPageGrainState> page,
    IOptions<MessageLogOptions> options) : Grain, IMessageLogPageGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "messagelogpage";

    private static readonly TimeSpan WriteDelay = TimeSpan.FromSeconds(1);

    /// <summary>The write that will store the changes made since the last one, while there are any.</summary>
    private IGrainTimer? _write;

    /// <summary>Lets the page go once nothing has changed on it for the page idle time since its activation or its last write.</summary>
    private IGrainTimer? _idle;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        LetGoWhenIdle();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<MessageLogRow> steps)
    {
        var rows = page.State.Rows;
        var missing = new List<string>();
        foreach (var step in steps)
        {
            if (rows.TryGetValue(step.NotificationId, out var row))
            {
                rows[step.NotificationId] = row.With(step);
            }
            else
            {
                missing.Add(step.NotificationId);
            }
        }

        if (missing.Count < steps.Count)
        {
            WriteSoon();
        }

        return Task.FromResult<IReadOnlyList<string>>(missing.Distinct(StringComparer.Ordinal).ToArray());
    }

    public Task<int> AddAsync(IReadOnlyList<MessageLogRow> steps)
    {
        var rows = page.State.Rows;
        var made = 0;
        foreach (var step in steps)
        {
            if (rows.TryGetValue(step.NotificationId, out var row))
            {
                rows[step.NotificationId] = row.With(step);
            }
            else
            {
                rows[step.NotificationId] = step;
                made++;
            }
        }

        WriteSoon();
        return Task.FromResult(made);
    }

    public Task<IReadOnlyList<MessageLogRow>> SearchAsync(MessageLogFilter filter, MessageLogCursor? after, int limit)
    {
        var found = page.State.Rows.Values.Where(row => filter.Matches(row) && row.IsAfter(after)).ToList();
        found.Sort(MessageLogRow.NewestFirst);
        return Task.FromResult<IReadOnlyList<MessageLogRow>>(found.Count > limit ? found.GetRange(0, limit) : found);
    }

    public async Task ClearAsync()
    {
        _write?.Dispose();
        _write = null;
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_write is not null)
        {
            _write.Dispose();
            _write = null;
            await page.WriteStateAsync();
        }
    }

    private void WriteSoon()
    {
        _idle?.Dispose();
        _idle = null;
        _write ??= this.RegisterGrainTimer(WriteNowAsync, new GrainTimerCreationOptions(WriteDelay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Lets the page go after the idle time, unless a change comes first (read by searches only, it goes too).</summary>
    private void LetGoWhenIdle() =>
        _idle = this.RegisterGrainTimer(LetGoAsync, new GrainTimerCreationOptions(options.Value.PageIdleTime, Timeout.InfiniteTimeSpan));

    private Task LetGoAsync()
    {
        _idle?.Dispose();
        _idle = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task WriteNowAsync()
    {
        _write?.Dispose();
        _write = null;
        try
        {
            await page.WriteStateAsync();
            if (_write is null)
            {
                LetGoWhenIdle();
            }
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation wrote the page since this one read it (a silo that left, or a race as the directory
            // moved): this one's copy can never be stored, so it goes, and the next reads what is stored.
            DeactivateOnIdle();
            throw;
        }
        catch
        {
            // Tried again a second later, with whatever has changed since.
            WriteSoon();
            throw;
        }
    }
}
