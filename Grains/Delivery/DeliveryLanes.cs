using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// The order in which this silo's notifications get to their next delivery step: one lane per priority, served by
/// weighted round robin (per round up to 16 critical, 8 high, 4 normal and 2 low), so a critical notification
/// waits only behind other critical ones while low ones still get a share. Normal and low steps never take more
/// than three quarters of the slots; low ones, the promotional campaigns, also run under an
/// <see cref="AdaptiveConcurrencyLimit"/>, so a campaign keeps the silo busy without building the queues a critical
/// notification would wait in. Within a lane the tenants take turns (<see cref="FairLane"/>), and no tenant holds more
/// than <see cref="DeliveryOptions.MaxConcurrentSendsPerTenant"/> slots, so a tenant whose receivers are slow, or who
/// floods a lane, leaves the others room. The lanes hold ids only: what they lose in a crash the notifications'
/// durable reminders put back.
/// </summary>
public sealed partial class DeliveryLanes(IGrainFactory grains, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DeliveryLanes> logger) : IDisposable
{
    private static readonly int[] Weights = [16, 8, 4, 2];

    private readonly Lock _lock = new();
    private readonly FairLane[] _lanes = [new(), new(), new(), new()];
    private readonly int[] _credits = [.. Weights];
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);

    /// <summary>Steps of fan-out pages and batches waiting for a slot, counted in the backlog as notifications are.</summary>
    private int _waitingSlots;
    private readonly int _maxConcurrent = Math.Max(4, options.Value.MaxConcurrentSends);
    private readonly int[] _inFlightByLane = new int[4];
    private readonly Dictionary<string, int> _inFlightByTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waitingByTenant = new(StringComparer.Ordinal);

    /// <summary>How long a critical send past its tenant's allowance may wait for its turn before it is refused.</summary>
    private static readonly TimeSpan CriticalMaxWait = TimeSpan.FromSeconds(2);

    private readonly PartitionedRateLimiter<string>? _criticalAllowance = CriticalAllowance(options.Value.CriticalPerSecondPerTenant);
    private TaskCompletionSource? _room;
    private readonly SemaphoreSlim _releases = new(1, 1);
    private int _inFlight;
    private long _completed;

    /// <summary>The cluster's backlog per silo as last heard, and when: a silo drowning elsewhere slows this door too.</summary>
    private ClusterBacklogHeard _cluster = new(0, long.MinValue);
    private (long Timestamp, long Completed) _rateSample = (time.GetTimestamp(), 0);
    private double _completedPerSecond;

    private int TenantMax => options.Value.MaxConcurrentSendsPerTenant is > 0 and var max ? Math.Min(max, _maxConcurrent) : _maxConcurrent - _maxConcurrent / 8;

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

    /// <summary>Notifications of <paramref name="tenant"/> waiting in the lanes.</summary>
    public int WaitingOf(string tenant)
    {
        lock (_lock)
        {
            return _waitingByTenant.GetValueOrDefault(tenant);
        }
    }

    /// <summary>Queues a notification's next step; false when it is already waiting.</summary>
    public bool Enqueue(string notificationId, Priority priority, string tenant)
    {
        lock (_lock)
        {
            if (!_waiting.Add(notificationId))
            {
                return false;
            }

            EnqueueLocked((int)priority, new LaneEntry(tenant, notificationId, Slot: null));
        }

        Pump();
        return true;
    }

    /// <summary>
    /// Waits for a slot in the lane of <paramref name="priority"/> for a step that is not a notification grain's own (a
    /// fan-out page delivering to its subscribers itself), served in the same order and counted against the same
    /// limits; the slot is held until the returned lease is disposed.
    /// </summary>
    public async Task<LaneLease> EnterAsync(Priority priority, string tenant)
    {
        var slot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            EnqueueLocked((int)priority, new LaneEntry(tenant, NotificationId: null, slot));
            _waitingSlots++;
        }

        Pump();
        await slot.Task;
        return new LaneLease(this, (int)priority, tenant, time.GetTimestamp());
    }

    private void EnqueueLocked(int lane, LaneEntry entry)
    {
        _lanes[lane].Enqueue(entry);
        _waitingByTenant[entry.Tenant] = _waitingByTenant.GetValueOrDefault(entry.Tenant) + 1;
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
    /// Lets one batch that fell due at its send time join the lanes once their backlog has room, and the next only when
    /// the returned turn is disposed (once the batch's notifications have taken their places, and so count in the
    /// backlog): a campaign's batches fall due together, and join at the lanes' pace rather than all at once.
    /// </summary>
    public async Task<ReleaseTurn> ReleaseAsync()
    {
        await _releases.WaitAsync();
        var turn = new ReleaseTurn(_releases);
        try
        {
            await WaitForBacklogAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
            return turn;
        }
        catch
        {
            turn.Dispose();
            throw;
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

    /// <summary>
    /// Whether <paramref name="tenant"/> may send one notification of this priority now: null when it may, otherwise
    /// how long it should wait. A critical send past the tenant's allowance
    /// (<see cref="DeliveryOptions.CriticalPerSecondPerTenant"/>) waits its turn for up to <see cref="CriticalMaxWait"/>,
    /// so a client that sends as fast as it can is paced rather than refused into sending again at once; others are
    /// refused at once while the backlog, or the tenant's share of it, is full.
    /// </summary>
    public async ValueTask<TimeSpan?> AdmitAsync(Priority priority, string tenant, CancellationToken cancellationToken)
    {
        if (priority != Priority.Critical)
        {
            return IsOverloaded(priority, tenant, out var retryAfter) ? retryAfter : null;
        }

        if (_criticalAllowance is null)
        {
            return null;
        }

        using (var now = _criticalAllowance.AttemptAcquire(tenant))
        {
            if (now.IsAcquired)
            {
                return null;
            }
        }

        using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        turn.CancelAfter(CriticalMaxWait);
        try
        {
            using var lease = await _criticalAllowance.AcquireAsync(tenant, 1, turn.Token);
            return lease.IsAcquired
                ? null
                : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait.TotalSeconds : 1)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimeSpan.FromSeconds(1);
        }
    }

    /// <summary>
    /// <see cref="IsOverloaded(Priority)"/>, and for <paramref name="tenant"/>'s own share: its backlog past
    /// <see cref="DeliveryOptions.MaxBacklogPerTenant"/>.
    /// </summary>
    private bool IsOverloaded(Priority priority, string tenant, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (priority == Priority.Critical)
        {
            return false;
        }

        if (IsOverloaded(priority))
        {
            retryAfter = SuggestedRetryAfter();
            return true;
        }

        var perTenant = options.Value.MaxBacklogPerTenant is > 0 and var set ? set : options.Value.MaxBacklog / 4 * 3;
        var waiting = WaitingOf(tenant);
        if (waiting >= (priority == Priority.High ? 2L * perTenant : perTenant))
        {
            retryAfter = RetryAfterFor(waiting - perTenant / 2);
            return true;
        }

        return false;
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
    public TimeSpan SuggestedRetryAfter() => RetryAfterFor(BacklogForAdmission - options.Value.MaxBacklog / 2);

    /// <summary>The time the lanes need to deliver <paramref name="excess"/> notifications at their recent rate, from 1 to 60 s.</summary>
    private TimeSpan RetryAfterFor(long excess)
    {
        excess = Math.Max(1, excess);
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
                _inFlightByTenant[entry.Tenant] = _inFlightByTenant.GetValueOrDefault(entry.Tenant) + 1;
            }

            if (entry.Slot is { } slot)
            {
                slot.SetResult();
                continue;
            }

            // Off the caller's thread: a grain that enqueues itself must not have the step's continuations run on
            // its own activation.
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Lanes.RunAsync(state.Entry, state.Lane), (Lanes: this, Entry: entry, Lane: lane), preferLocal: false);
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
                if (_credits[lane] > 0 && _lanes[lane].TryDequeue(_mayRun ??= MayRunLocked, out entry))
                {
                    _credits[lane]--;
                    if (--_waitingByTenant[entry.Tenant] == 0)
                    {
                        _waitingByTenant.Remove(entry.Tenant);
                    }

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

    /// <summary>Made once: the lanes ask it for every step they take.</summary>
    private Func<string, bool>? _mayRun;

    private bool MayRunLocked(string tenant) => _inFlightByTenant.GetValueOrDefault(tenant) < TenantMax;

    private bool HasRoom(int lane) => _inFlight < _maxConcurrent
        && (lane <= (int)Priority.High || _inFlightByLane[(int)Priority.Normal] + _inFlightByLane[(int)Priority.Low] < BulkMax)
        && (lane != (int)Priority.Low || _inFlightByLane[lane] < LowLimit.Limit);

    private async Task RunAsync(LaneEntry entry, int lane)
    {
        var started = time.GetTimestamp();
        var attempted = false;
        try
        {
            attempted = await grains.Get<INotificationGrain>(entry.NotificationId!).DeliverAsync();
        }
        catch (Exception exception)
        {
            // The notification's reminder brings it back; nothing is lost by moving on.
            LogStepFailed(logger, exception, entry.NotificationId!);
        }
        finally
        {
            Leave(lane, entry.Tenant, started, attempted);
        }
    }

    internal void Leave(int lane, string tenant, long started, bool attempted)
    {
        lock (_lock)
        {
            _inFlight--;
            _inFlightByLane[lane]--;
            if (--_inFlightByTenant[tenant] == 0)
            {
                _inFlightByTenant.Remove(tenant);
            }

            _completed++;
            if (attempted)
            {
                LowLimit.Record(time.GetElapsedTime(started));
            }
        }

        Pump();
    }

    public void Dispose()
    {
        _criticalAllowance?.Dispose();
        _releases.Dispose();
    }

    /// <summary>
    /// A token bucket per tenant: a burst of two seconds' allowance, refilled a twentieth of a second's worth at a time
    /// (the partitioned limiter looks every 100 ms) so a waiting send is not held to the next whole second, and a
    /// queue served oldest first, of ten seconds' allowance: more than
    /// <see cref="CriticalMaxWait"/> lets anyone wait for, so that a flood over many connections is held there, idle,
    /// until its turn or its refusal, rather than refused at once into sending again.
    /// </summary>
    private static PartitionedRateLimiter<string>? CriticalAllowance(int perSecond)
    {
        if (perSecond <= 0)
        {
            return null;
        }

        var tokensPerPeriod = Math.Max(1, perSecond / 20);
        return PartitionedRateLimiter.Create<string, string>(tenant => RateLimitPartition.GetTokenBucketLimiter(tenant, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = 2 * perSecond,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / perSecond),
                QueueLimit = 10 * perSecond,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "A delivery step of notification {NotificationId} failed; its reminder will resume it")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string notificationId);

    private sealed record ClusterBacklogHeard(int PerSilo, long At);
}
