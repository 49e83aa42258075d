using Microsoft.Extensions.Logging;

namespace Notifications.Runtime;

/// <summary>
/// Fires the reminders of the partitions this silo owns. Rows are durable; the schedule lives in memory, loaded at
/// start, so a reminder due while the process was down fires as soon as it is back.
/// </summary>
internal sealed class ReminderService(GrainRuntime runtime, IReminderTable table, IPartitionOwnership ownership) : IDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId, string), Scheduled> _reminders = new();
    private readonly PriorityQueue<Scheduled, DateTimeOffset> _due = new();
    private readonly Queue<(Scheduled Reminder, DateTimeOffset FiredAt)> _firing = new();
    private int _delivering;
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private int _staleEntries;
    private bool _stopped;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var rows = await table.ReadRemindersAsync(ownership.OwnedPartitions, cancellationToken);
        lock (_lock)
        {
            foreach (var row in rows)
            {
                var scheduled = new Scheduled(row, row.StartAt);
                _reminders[(row.GrainId, row.Name)] = scheduled;
                _due.Enqueue(scheduled, scheduled.NextDue);
            }

            _timer = runtime.TimeProvider.CreateTimer(static state => ((ReminderService)state!).FireDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        runtime.Logger.LogInformation("Loaded {Count} reminders for {Partitions} partitions", rows.Count, ownership.OwnedPartitions.Count);
        lock (_lock)
        {
            RearmLocked();
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period != Timeout.InfiniteTimeSpan && period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), "A reminder's period is positive, or Timeout.InfiniteTimeSpan for one shot.");
        }

        var entry = new ReminderEntry(grainId, name, runtime.Partitions.GetPartition(grainId), runtime.TimeProvider.GetUtcNow() + dueTime, period);
        Task write;
        // Table writes are issued under the lock so that they reach the store in the order memory changed.
        lock (_lock)
        {
            write = table.UpsertReminderAsync(entry, CancellationToken.None);
            var scheduled = new Scheduled(entry, entry.StartAt);
            if (_reminders.ContainsKey((grainId, name)))
            {
                _staleEntries++;
            }

            _reminders[(grainId, name)] = scheduled;
            _due.Enqueue(scheduled, scheduled.NextDue);
            ArmLocked(scheduled.NextDue);
        }

        await write;
        return new ReminderHandle(name);
    }

    public async Task UnregisterAsync(GrainId grainId, string name)
    {
        Task write;
        lock (_lock)
        {
            if (_reminders.Remove((grainId, name)) && ++_staleEntries > 1024 && _staleEntries > _reminders.Count)
            {
                Compact();
            }

            write = table.RemoveReminderAsync(grainId, name, CancellationToken.None);
        }

        await write;
    }

    public IGrainReminder? Find(GrainId grainId, string name)
    {
        lock (_lock)
        {
            return _reminders.ContainsKey((grainId, name)) ? new ReminderHandle(name) : null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
        }
    }

    private void FireDue()
    {
        var now = runtime.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _armedFor = null;
            while (_due.TryPeek(out var next, out var due) && due <= now)
            {
                _due.Dequeue();
                // A replaced or removed reminder leaves its old queue entry behind: skip it.
                if (_reminders.TryGetValue((next.Entry.GrainId, next.Entry.Name), out var current) && ReferenceEquals(current, next))
                {
                    _firing.Enqueue((next, now));
                }
            }

            RearmLocked();
        }

        PumpDeliveries();
    }

    private void PumpDeliveries()
    {
        while (true)
        {
            (Scheduled Reminder, DateTimeOffset FiredAt) next;
            lock (_lock)
            {
                if (_stopped || _delivering >= runtime.Options.MaxConcurrentReminderDeliveries || !_firing.TryDequeue(out next))
                {
                    return;
                }

                // Replaced or removed while it waited its turn.
                var key = (next.Reminder.Entry.GrainId, next.Reminder.Entry.Name);
                if (!(_reminders.TryGetValue(key, out var current) && ReferenceEquals(current, next.Reminder)))
                {
                    continue;
                }

                _delivering++;
            }

            _ = DeliverThenPumpAsync(next.Reminder, next.FiredAt);
        }
    }

    private async Task DeliverThenPumpAsync(Scheduled scheduled, DateTimeOffset firedAt)
    {
        try
        {
            await DeliverAsync(scheduled, firedAt);
        }
        finally
        {
            lock (_lock)
            {
                _delivering--;
            }

            PumpDeliveries();
        }
    }

    private async Task DeliverAsync(Scheduled scheduled, DateTimeOffset now)
    {
        var entry = scheduled.Entry;
        var tick = new TickStatus(entry.StartAt, entry.Period, scheduled.NextDue);
        var delivered = false;
        try
        {
            await runtime.GetGrain<IRemindable>(entry.GrainId).ReceiveReminder(entry.Name, tick);
            delivered = true;
        }
        catch (Exception exception)
        {
            runtime.Logger.LogWarning(exception, "Reminder {Name} of {GrainId} failed; it will fire again", entry.Name, entry.GrainId);
        }

        DateTimeOffset? next = null;
        Task? removal = null;
        lock (_lock)
        {
            if (_stopped || !_reminders.TryGetValue((entry.GrainId, entry.Name), out var current) || !ReferenceEquals(current, scheduled))
            {
                return;
            }

            if (entry.Period != Timeout.InfiniteTimeSpan)
            {
                next = NextTick(entry, now);
            }
            else if (delivered)
            {
                _reminders.Remove((entry.GrainId, entry.Name));
                removal = table.RemoveReminderAsync(entry.GrainId, entry.Name, CancellationToken.None);
            }
            else
            {
                next = runtime.TimeProvider.GetUtcNow() + runtime.Options.ReminderRetryDelay;
            }

            if (next is { } due)
            {
                var again = new Scheduled(entry, due);
                _reminders[(entry.GrainId, entry.Name)] = again;
                _due.Enqueue(again, due);
                ArmLocked(due);
            }
        }

        if (removal is not null)
        {
            await removal;
        }
    }

    private static DateTimeOffset NextTick(ReminderEntry entry, DateTimeOffset now)
    {
        var elapsed = now - entry.StartAt;
        var ticks = elapsed < TimeSpan.Zero ? 0 : (long)(elapsed.Ticks / entry.Period.Ticks) + 1;
        return entry.StartAt + TimeSpan.FromTicks(entry.Period.Ticks * ticks);
    }

    /// <summary>Rebuilds the queue from the live reminders once removed ones outnumber them.</summary>
    private void Compact()
    {
        _due.Clear();
        foreach (var scheduled in _reminders.Values)
        {
            _due.Enqueue(scheduled, scheduled.NextDue);
        }

        _staleEntries = 0;
    }

    /// <summary>Points the timer at <paramref name="due"/> when that is sooner than what it is set for.</summary>
    private void ArmLocked(DateTimeOffset due)
    {
        if (_stopped || _timer is null || (_armedFor is { } armed && armed <= due))
        {
            return;
        }

        _armedFor = due;
        var delay = due - runtime.TimeProvider.GetUtcNow();
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>After a firing: aims the timer at the earliest live reminder, skipping replaced or removed ones.</summary>
    private void RearmLocked()
    {
        while (_due.TryPeek(out var head, out _)
               && !(_reminders.TryGetValue((head.Entry.GrainId, head.Entry.Name), out var current) && ReferenceEquals(current, head)))
        {
            _due.Dequeue();
        }

        if (_due.TryPeek(out _, out var due))
        {
            ArmLocked(due);
        }
    }

    private sealed record Scheduled(ReminderEntry Entry, DateTimeOffset NextDue);

    private sealed record ReminderHandle(string ReminderName) : IGrainReminder;
}
