using Microsoft.Extensions.Logging;

namespace Notifications.Runtime;

/// <summary>
/// One live instance of a grain. Turns run one at a time (unless the grain or method says they may interleave),
/// in arrival order, on the activation's own scheduler.
/// </summary>
internal sealed class GrainActivation
{
    private readonly object _lock = new();
    private readonly Queue<Turn> _waiting = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _runningReadOnly;
    private volatile ActivationStatus _status = ActivationStatus.Activating;
    private bool _deactivateOnIdle;
    private DeactivationReason _deactivationReason = new(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called.");
    private DateTimeOffset _lastActivity;

    public GrainActivation(GrainRuntime runtime, GrainClassInfo classInfo, GrainId grainId, int partition, StatelessWorkerPool? pool)
    {
        Runtime = runtime;
        ClassInfo = classInfo;
        GrainId = grainId;
        Partition = partition;
        Pool = pool;
        _lastActivity = runtime.TimeProvider.GetUtcNow();
    }

    public GrainRuntime Runtime { get; }

    public GrainClassInfo ClassInfo { get; }

    public GrainId GrainId { get; }

    public int Partition { get; }

    public StatelessWorkerPool? Pool { get; }

    public Grain? Instance { get; private set; }

    public ActivationTaskScheduler Scheduler { get; } = new();

    /// <summary>Observers this activation subscribed to streams; touched only inside its turns.</summary>
    public Dictionary<StreamId, object> StreamObservers { get; } = new();

    public Task Deactivated => _deactivated.Task;

    /// <summary>An estimate, read without the lock, for choosing among stateless workers.</summary>
    public int Load => Volatile.Read(ref _running) + _waiting.Count;

    /// <summary>Whether the activation can take more work: gone or going away means no.</summary>
    public bool IsAlive => _status is ActivationStatus.Activating or ActivationStatus.Valid;

    public void Start()
    {
        lock (_lock)
        {
            _running = 1;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Factory.StartNew(static state => ((GrainActivation)state!).ActivateAsync(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);
        }
    }

    /// <summary>Queues or starts the turn; false when the activation is going away and the caller must find a new one.</summary>
    public bool TryEnqueue(Turn turn)
    {
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                return false;
            }

            if (_status == ActivationStatus.Valid && (_waiting.Count == 0 || turn.Interleave) && CanStart(turn))
            {
                Begin(turn);
            }
            else
            {
                _waiting.Enqueue(turn);
                return true;
            }
        }

        Run(turn);
        return true;
    }

    public void OnTurnCompleted(Turn turn)
    {
        List<Turn>? next = null;
        var deactivate = false;
        lock (_lock)
        {
            _running--;
            if (turn.ReadOnly)
            {
                _runningReadOnly--;
            }

            if (turn.KeepAlive)
            {
                _lastActivity = Runtime.TimeProvider.GetUtcNow();
            }

            if (_status == ActivationStatus.Valid)
            {
                while (_waiting.TryPeek(out var waiting) && CanStart(waiting))
                {
                    _waiting.Dequeue();
                    Begin(waiting);
                    (next ??= []).Add(waiting);
                }

                deactivate = TryBeginDeactivation();
            }
        }

        if (next is not null)
        {
            foreach (var waiting in next)
            {
                Run(waiting);
            }
        }

        if (deactivate)
        {
            StartDeactivation();
        }
    }

    public void DeactivateOnIdle() => RequestDeactivation(new(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    public void RequestDeactivation(DeactivationReason reason)
    {
        bool deactivate;
        lock (_lock)
        {
            _deactivateOnIdle = true;
            _deactivationReason = reason;
            deactivate = _status == ActivationStatus.Valid && TryBeginDeactivation();
        }

        if (deactivate)
        {
            StartDeactivation();
        }
    }

    /// <summary>Starts deactivation when the activation has been idle for <paramref name="age"/>.</summary>
    public bool TryCollect(DateTimeOffset now, TimeSpan age)
    {
        lock (_lock)
        {
            if (_status != ActivationStatus.Valid || _running != 0 || _waiting.Count != 0 || now - _lastActivity < age)
            {
                return false;
            }

            _deactivationReason = new(DeactivationReasonCode.ActivationIdle, $"Idle for {age}.");
            _status = ActivationStatus.Deactivating;
        }

        StartDeactivation();
        return true;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, options);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private bool CanStart(Turn turn) =>
        _running == 0 || turn.Interleave || ClassInfo.Reentrant || (turn.ReadOnly && _running == _runningReadOnly);

    private void Begin(Turn turn)
    {
        _running++;
        if (turn.ReadOnly)
        {
            _runningReadOnly++;
        }

        if (turn.KeepAlive)
        {
            _lastActivity = Runtime.TimeProvider.GetUtcNow();
        }

        turn.Activation = this;
    }

    private bool TryBeginDeactivation()
    {
        if (!_deactivateOnIdle || _running != 0 || _waiting.Count != 0)
        {
            return false;
        }

        _status = ActivationStatus.Deactivating;
        return true;
    }

    private void Run(Turn turn)
    {
        // A turn starts from a clean execution context, as in Orleans: nothing ambient from the caller (an HTTP
        // request's Activity, another grain's context) leaks into the grain.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Factory.StartNew(static state => ((Turn)state!).RunAsync(((Turn)state!).Activation!), turn, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);
        }
    }

    private async Task ActivateAsync()
    {
        RuntimeContext.Current = this;
        try
        {
            var states = new List<IPersistentStateLoader>();
            Instance = ClassInfo.Create(Runtime.Services, this, states);
            foreach (var state in states)
            {
                await state.ReadStateAsync(CancellationToken.None);
            }

            using var activationTimeout = new CancellationTokenSource(Runtime.Options.ResponseTimeout, Runtime.TimeProvider);
            await Instance.OnActivateAsync(activationTimeout.Token);
        }
        catch (Exception exception)
        {
            Runtime.Logger.LogError(exception, "Activation of {GrainId} failed", GrainId);
            Turn[] failed;
            lock (_lock)
            {
                _status = ActivationStatus.Invalid;
                failed = _waiting.ToArray();
                _waiting.Clear();
            }

            foreach (var turn in failed)
            {
                turn.Fail(exception);
            }

            Runtime.OnDeactivated(this);
            _deactivated.TrySetResult();
            return;
        }

        List<Turn> ready = [];
        bool deactivate;
        lock (_lock)
        {
            _status = ActivationStatus.Valid;
            _running = 0;
            while (_waiting.TryPeek(out var waiting) && CanStart(waiting))
            {
                _waiting.Dequeue();
                Begin(waiting);
                ready.Add(waiting);
            }

            deactivate = TryBeginDeactivation();
        }

        foreach (var turn in ready)
        {
            Run(turn);
        }

        if (deactivate)
        {
            StartDeactivation();
        }
    }

    private void StartDeactivation()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Factory.StartNew(static state => ((GrainActivation)state!).DeactivateAsync(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);
        }
    }

    private async Task DeactivateAsync()
    {
        RuntimeContext.Current = this;
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers.ToArray();
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        try
        {
            using var timeout = new CancellationTokenSource(Runtime.Options.ResponseTimeout, Runtime.TimeProvider);
            await Instance!.OnDeactivateAsync(_deactivationReason, timeout.Token);
        }
        catch (Exception exception)
        {
            Runtime.Logger.LogWarning(exception, "OnDeactivateAsync of {GrainId} failed", GrainId);
        }
        finally
        {
            Turn[] stranded;
            lock (_lock)
            {
                _status = ActivationStatus.Invalid;
                stranded = _waiting.ToArray();
                _waiting.Clear();
            }

            Runtime.OnDeactivated(this);
            _deactivated.TrySetResult();

            // Turns that slipped in while OnDeactivateAsync ran go to the next activation.
            foreach (var turn in stranded)
            {
                Runtime.Dispatch(GrainId, turn);
            }
        }
    }

    private enum ActivationStatus
    {
        Activating,
        Valid,
        Deactivating,
        Invalid,
    }
}
