using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// The order in which this silo's notifications get to their next delivery step: one lane per priority, served by
/// weighted round robin (per round up to 16 critical, 8 high, 4 normal and 2 low), so a critical notification
/// waits only behind other critical ones while low ones still get a share. Normal and low steps never take more
/// than three quarters of the slots; low ones, the promotional campaigns, also run under an
/// <see cref="AdaptiveConcurrencyLimit"/>, so a campaign keeps the silo busy without building the queues a critical
/// notification would wait in. The lanes hold ids only: what they lose in a crash the notifications' durable
/// reminders put back.
/// </summary>
public sealed partial class DeliveryLanes(IGrainFactory grains, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DeliveryLanes> logger)
{
    private static readonly int[] Weights = [16, 8, 4, 2];

    private readonly Lock _lock = new();
    private readonly Queue<LaneEntry>[] _lanes = [new(), new(), new(), new()];
    private readonly int[] _credits = [.. Weights];
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);

    /// <summary>Steps of fan-out pages and batches waiting for a slot, counted in the backlog as notifications are.</summary>
    private int _waitingSlots;
    private readonly int _maxConcurrent = Math.Max(4, options.Value.MaxConcurrentSends);
    private readonly int[] _inFlightByLane = new int[4];
    private TaskCompletionSource? _room;
    private int _inFlight;
    private long _completed;

    /// <summary>The cluster's backlog per silo as last heard, and when: a silo drowning elsewhere slows this door too.</summary>
    private ClusterBacklogHeard _cluster = new(0, long.MinValue);
    private (long Timestamp, long Completed) _rateSample = (time.GetTimestamp(), 0);
    private double _completedPerSecond;

    /// <summary>Normal and low priority together never take more than this many slots.</summary>
    private int BulkMax => _maxConcurrent - _maxConcurrent / 4;

    private AdaptiveConcurrencyLimit LowLimit => field ??= new AdaptiveConcurrencyLimit(
        initial: 32, min: Math.Min(4, BulkMax), max: BulkMax, time, options.Value.LowLatencyTolerance);

    /// <summary>Delivery steps in progress now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Notifications waiting in each lane, critical first.</summary>
    public int[] WaitingByPriority()
    {
        lock (_lock)
        {
            return [.. _lanes.Select(lane => lane.Count)];
        }
    }

    /// <summary>Notifications waiting for their turn, not counting those in progress.</summary>
    public int Backlog
    {
        get
        {
            lock (_lock)
            {
                return WaitingLocked;
            }
        }
    }

    /// <summary>Queues a notification's next step; false when it is already waiting.</summary>
    public bool Enqueue(string notificationId, Priority priority)
    {
        lock (_lock)
        {
            if (!_waiting.Add(notificationId))
            {
                return false;
            }

            _lanes[(int)priority].Enqueue(new LaneEntry(notificationId, Slot: null));
        }

        Pump();
        return true;
    }

    /// <summary>
    /// Waits for a slot in the lane of <paramref name="priority"/> for a step that is not a notification grain's own (a
    /// fan-out page delivering to its subscribers itself), served in the same order and counted against the same
    /// limits; the slot is held until the returned lease is disposed.
    /// </summary>
    public async Task<LaneLease> EnterAsync(Priority priority)
    {
        var slot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _lanes[(int)priority].Enqueue(new LaneEntry(NotificationId: null, slot));
            _waitingSlots++;
        }

        Pump();
        await slot.Task;
        return new LaneLease(this, (int)priority, time.GetTimestamp());
    }

    /// <summary>
    /// Holds a low or normal priority sender while more than <see cref="DeliveryOptions.SoftBacklog"/> wait in the
    /// lanes, for at most <paramref name="maxWait"/>: a sender that outruns delivery is slowed to its pace rather
    /// than filling memory. Critical and high priority never wait here.
    /// </summary>
    public Task WaitForRoomAsync(Priority priority, TimeSpan maxWait, CancellationToken cancellationToken) =>
        priority <= Priority.High ? Task.CompletedTask : WaitForBacklogAsync(maxWait, cancellationToken);

    /// <summary>
    /// Waits until at most <see cref="DeliveryOptions.SoftBacklog"/> notifications wait in the lanes, whatever their
    /// priority, or for <paramref name="maxWait"/>: a fan-out makes notifications only as fast as they are delivered.
    /// </summary>
    public async Task WaitForBacklogAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = maxWait == Timeout.InfiniteTimeSpan ? long.MaxValue : time.GetTimestamp() + (long)(maxWait.TotalSeconds * time.TimestampFrequency);
        while (time.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            Task room;
            lock (_lock)
            {
                if (WaitingLocked <= options.Value.SoftBacklog)
                {
                    return;
                }

                room = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await room.WaitAsync(TimeSpan.FromMilliseconds(100), time, cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Whether the front door should refuse a new notification of this priority for now: this silo's backlog, or the
    /// cluster's per silo, is past <see cref="DeliveryOptions.MaxBacklog"/>.
    /// </summary>
    public bool IsOverloaded(Priority priority)
    {
        var limit = options.Value.MaxBacklog;
        var backlog = BacklogForAdmission;
        return priority switch
        {
            Priority.Critical => false,
            Priority.High => backlog >= 2L * limit,
            _ => backlog >= limit,
        };
    }

    /// <summary>What the silos last said of their backlogs (<c>ClusterBacklogWatcher</c>, every second).</summary>
    public void HearClusterBacklog(ClusterBacklog cluster) => Volatile.Write(ref _cluster, new ClusterBacklogHeard(cluster.PerSilo, time.GetTimestamp()));

    /// <summary>The larger of this silo's backlog and the cluster's per silo, while the cluster's is recent.</summary>
    private int BacklogForAdmission
    {
        get
        {
            var cluster = Volatile.Read(ref _cluster);
            var recent = cluster.At != long.MinValue && time.GetElapsedTime(cluster.At) < TimeSpan.FromSeconds(5);
            return Math.Max(Backlog, recent ? cluster.PerSilo : 0);
        }
    }

    /// <summary>How long a refused sender should wait: the time the lanes need to drain below the limit, from 1 to 60 s.</summary>
    public TimeSpan SuggestedRetryAfter()
    {
        var excess = Math.Max(1, BacklogForAdmission - options.Value.MaxBacklog / 2);
        double rate;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(_rateSample.Timestamp, now).TotalSeconds;
            if (elapsed >= 1)
            {
                _completedPerSecond = (_completed - _rateSample.Completed) / elapsed;
                _rateSample = (now, _completed);
            }

            rate = _completedPerSecond;
        }

        var seconds = rate <= 0 ? 60 : Math.Ceiling(excess / rate);
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60));
    }

    private void Pump()
    {
        while (true)
        {
            LaneEntry entry;
            int lane;
            lock (_lock)
            {
                if (!TryTakeLocked(out entry, out lane))
                {
                    return;
                }

                _inFlight++;
                _inFlightByLane[lane]++;
            }

            if (entry.Slot is { } slot)
            {
                slot.SetResult();
                continue;
            }

            // Off the caller's thread: a grain that enqueues itself must not have the step's continuations run on
            // its own activation.
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Lanes.RunAsync(state.Id, state.Lane), (Lanes: this, Id: entry.NotificationId!, Lane: lane), preferLocal: false);
        }
    }

    private bool TryTakeLocked(out LaneEntry entry, out int taken)
    {
        for (var round = 0; round < 2; round++)
        {
            var anyWaiting = false;
            for (var lane = 0; lane < _lanes.Length; lane++)
            {
                if (_lanes[lane].Count == 0 || !HasRoom(lane))
                {
                    continue;
                }

                anyWaiting = true;
                if (_credits[lane] > 0)
                {
                    _credits[lane]--;
                    entry = _lanes[lane].Dequeue();
                    if (entry.NotificationId is { } id)
                    {
                        _waiting.Remove(id);
                    }
                    else
                    {
                        _waitingSlots--;
                    }

                    if (_room is { } room && WaitingLocked <= options.Value.SoftBacklog)
                    {
                        _room = null;
                        room.SetResult();
                    }

                    taken = lane;
                    return true;
                }
            }

            if (!anyWaiting)
            {
                break;
            }

            Weights.CopyTo(_credits, 0);
        }

        entry = default;
        taken = -1;
        return false;
    }

    private int WaitingLocked => _waiting.Count + _waitingSlots;

    private bool HasRoom(int lane) => _inFlight < _maxConcurrent
        && (lane <= (int)Priority.High || _inFlightByLane[(int)Priority.Normal] + _inFlightByLane[(int)Priority.Low] < BulkMax)
        && (lane != (int)Priority.Low || _inFlightByLane[lane] < LowLimit.Limit);

    private async Task RunAsync(string notificationId, int lane)
    {
        var started = time.GetTimestamp();
        var attempted = false;
        try
        {
            attempted = await grains.GetGrain<INotificationGrain>(notificationId).DeliverAsync();
        }
        catch (Exception exception)
        {
            // The notification's reminder brings it back; nothing is lost by moving on.
            LogStepFailed(logger, exception, notificationId);
        }
        finally
        {
            Leave(lane, started, attempted);
        }
    }

    internal void Leave(int lane, long started, bool attempted)
    {
        lock (_lock)
        {
            _inFlight--;
            _inFlightByLane[lane]--;
            _completed++;
            if (attempted)
            {
                LowLimit.Record(time.GetElapsedTime(started));
            }
        }

        Pump();
    }

    /// <summary>A notification's next step, or a slot someone waits for.</summary>
    private readonly record struct LaneEntry(string? NotificationId, TaskCompletionSource? Slot);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "A delivery step of notification {NotificationId} failed; its reminder will resume it")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string notificationId);

    private sealed record ClusterBacklogHeard(int PerSilo, long At);
}
