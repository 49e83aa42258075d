using Microsoft.Extensions.Logging;
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
public sealed partial class RetentionJournalGrain(
    [PersistentState(RetentionJournalGrainState.Name)] IPersistentState<RetentionJournalGrainState> journal,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionJournalGrain> logger) : Grain, IRetentionJournalGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "retentionjournal";

    private const string ExpireReminder = "expire";

    private CoalescedWrite? _write;

    private Task? _reminder;

    private bool _sealing;

    private IGrainTimer? _removing;

    private const int MaxFailedRounds = 5;

    private int _failedRounds;

    private RetentionJournalGrainState State => journal.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _write = new CoalescedWrite(() => journal.WriteStateAsync());
        if (State.SegmentSize == 0)
        {
            State.SegmentSize = options.Value.SegmentSize;
        }

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
        if (State.Open.Count >= State.SegmentSize && !_sealing)
        {
            _sealing = true;
            try
            {
                while (State.Open.Count >= State.SegmentSize)
                {
                    var size = State.SegmentSize;
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
        Task.FromResult(((long)State.Sealed * State.SegmentSize + State.Open.Count, State.RemovedRecords));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminder ??= Task.CompletedTask;
        var due = await DueInAsync();
        if (due > TimeSpan.Zero)
        {
            // Not due yet (looked at daily, so that a retention the tenant changes is followed within a day).
            await this.RegisterOrUpdateReminder(ExpireReminder, Daily(due), options.Value.ResumeCheckInterval);
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
        var done = State.RemovedRecords - ((long)State.Removed * State.SegmentSize);
        var batch = records.Skip((int)done).Take(o.BatchSize).ToArray();
        var (tenant, _) = RetentionKeys.Parse(this.GetPrimaryKeyString());
        var finishedBefore = time.GetUtcNow() - await RetentionJournal.RetentionOfAsync(GrainFactory, tenant, o);
        var failed = 0;
        await Concurrently.ForEachAsync(batch, o.Concurrency, async (record, _) =>
        {
            try
            {
                await (record.Kind switch
                {
                    RetainedKind.Notification => GrainFactory.GetGrain<INotificationGrain>(record.Key).ExpireAsync(finishedBefore),
                    RetainedKind.TopicSend => GrainFactory.GetGrain<ITopicSendGrain>(record.Key).ExpireAsync(finishedBefore),
                    RetainedKind.AudienceSend => GrainFactory.GetGrain<IAudienceSendGrain>(record.Key).ExpireAsync(finishedBefore),
                    RetainedKind.WorkflowRun => GrainFactory.GetGrain<IWorkflowRunGrain>(record.Key).ExpireAsync(finishedBefore),
                    _ => GrainFactory.GetGrain<IFanOutPageGrain>(record.Key).ExpireAsync(finishedBefore),
                });
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                LogNotRemoved(logger, exception, record.Kind, record.Key);
            }
        });
        if (failed > 0 && ++_failedRounds < MaxFailedRounds)
        {
            // Tried again next round; a record that keeps failing is passed over after a few, not held against the rest.
            return;
        }

        _failedRounds = 0;
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
            await this.RegisterOrUpdateReminder(ExpireReminder, Daily(await DueInAsync()), options.Value.ResumeCheckInterval);
        }
    }

    private static TimeSpan Daily(TimeSpan due) => due < TimeSpan.FromDays(1) ? due : TimeSpan.FromDays(1);

    private async Task<TimeSpan> DueInAsync()
    {
        var (tenant, day) = RetentionKeys.Parse(this.GetPrimaryKeyString());
        var dayEnd = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var due = dayEnd + await RetentionJournal.RetentionOfAsync(GrainFactory, tenant, options.Value) - time.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    private IRetentionSegmentGrain Segment(int number) => GrainFactory.GetGrain<IRetentionSegmentGrain>(RetentionKeys.Segment(this.GetPrimaryKeyString(), number));

    [LoggerMessage(EventId = 2630, Level = LogLevel.Warning, Message = "{Kind} {Key} could not be removed at the end of its retention")]
    private static partial void LogNotRemoved(ILogger logger, Exception exception, RetainedKind kind, string key);
}
