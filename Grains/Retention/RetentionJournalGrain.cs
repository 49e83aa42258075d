using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// One part of the records a tenant's notifications finished with on one day. Records are added during the day
/// (group-committed, sealed into segments of <see cref="RetentionOptions.SegmentSize"/>); a reminder registered with
/// the first is due when the tenant's retention has passed since the day's end, and is moved if the retention was
/// changed meanwhile. Then the records go a segment at a time, in rounds of <see cref="RetentionOptions.BatchSize"/>
/// with <see cref="RetentionOptions.Concurrency"/> at once, each segment's progress stored, so that removing a busy
/// day takes its share of the silo rather than all of it; the reminder, until the journal is gone, resumes a removal a
/// crash cut off.
/// </summary>
[GrainType(GrainTypeName)]
[Reentrant]
public sealed class RetentionJournalGrain(
    [PersistentState(RetentionJournalGrainState.Name)] IPersistentState<RetentionJournalGrainState> journal,
    IOptions<RetentionOptions> options,
    TimeProvider time) : Grain, IRetentionJournalGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "retentionjournal";

    private const string ExpireReminder = "expire";

    private CoalescedWrite? _write;

    private Task? _reminder;

    private bool _sealing;

    private IGrainTimer? _removing;

    private RetentionJournalGrainState State => journal.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _write = new CoalescedWrite(() => journal.WriteStateAsync());
        return Task.CompletedTask;
    }

    public async Task AddAsync(IReadOnlyList<RetainedRecord> records)
    {
        // The reminder before any record is stored: a stored record is always removed in the end. Adds that arrive
        // while it is being registered wait for the same registration; one that failed is tried again by the next.
        _reminder ??= EnsureReminderAsync();
        try
        {
            await _reminder;
        }
        catch
        {
            _reminder = null;
            throw;
        }

        State.Open.AddRange(records);
        await _write!.WriteAsync();
        if (State.Open.Count >= options.Value.SegmentSize && !_sealing)
        {
            _sealing = true;
            try
            {
                while (State.Open.Count >= options.Value.SegmentSize)
                {
                    var size = options.Value.SegmentSize;
                    await Segment(State.Sealed).StoreAsync(State.Open.GetRange(0, size));
                    State.Open.RemoveRange(0, size);
                    State.Sealed++;
                    await _write.WriteAsync();
                }
            }
            finally
            {
                _sealing = false;
            }
        }
    }

    public Task<(long Listed, long Removed)> ProgressAsync() =>
        Task.FromResult(((long)State.Sealed * options.Value.SegmentSize + State.Open.Count, State.RemovedRecords));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminder ??= Task.CompletedTask;
        var due = await DueInAsync();
        if (due > TimeSpan.Zero)
        {
            // The tenant's retention was made longer since the reminder was set.
            await this.RegisterOrUpdateReminder(ExpireReminder, due, options.Value.ResumeCheckInterval);
            return;
        }

        _removing ??= this.RegisterGrainTimer(RemoveRoundAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.RoundEvery) { KeepAlive = true });
    }

    /// <summary>One round: up to a batch of records of the first segment not yet removed.</summary>
    private async Task RemoveRoundAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var open = State.Removed >= State.Sealed;
        var records = open ? (IReadOnlyList<RetainedRecord>)State.Open : await Segment(State.Removed).ReadAsync();
        var done = State.RemovedRecords - ((long)State.Removed * o.SegmentSize);
        var batch = records.Skip((int)done).Take(o.BatchSize).ToArray();
        await Concurrently.ForEachAsync(batch, o.Concurrency, (record, _) => record.Kind switch
        {
            RetainedKind.Notification => GrainFactory.GetGrain<INotificationGrain>(record.Key).ExpireAsync(),
            _ => GrainFactory.GetGrain<IFanOutPageGrain>(record.Key).ExpireAsync(),
        });
        State.RemovedRecords += batch.Length;
        if (done + batch.Length < records.Count)
        {
            await _write!.WriteAsync();
            return;
        }

        if (!open)
        {
            await Segment(State.Removed).ClearAsync();
            State.Removed++;
            await _write!.WriteAsync();
            return;
        }

        // Every record is gone: so is the journal, with its reminder.
        _removing?.Dispose();
        _removing = null;
        await journal.ClearStateAsync();
        if (await this.GetReminder(ExpireReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminder = null;
        DeactivateOnIdle();
    }

    private async Task EnsureReminderAsync()
    {
        if (await this.GetReminder(ExpireReminder) is null)
        {
            await this.RegisterOrUpdateReminder(ExpireReminder, await DueInAsync(), options.Value.ResumeCheckInterval);
        }
    }

    private async Task<TimeSpan> DueInAsync()
    {
        var (tenant, day) = RetentionKeys.Parse(this.GetPrimaryKeyString());
        var dayEnd = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var due = dayEnd + await RetentionJournal.RetentionOfAsync(GrainFactory, tenant, options.Value) - time.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    private IRetentionSegmentGrain Segment(int number) => GrainFactory.GetGrain<IRetentionSegmentGrain>(RetentionKeys.Segment(this.GetPrimaryKeyString(), number));
}
