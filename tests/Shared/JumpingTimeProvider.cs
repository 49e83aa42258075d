namespace Notifications.Testing;

/// <summary>
/// Real time that a test can move forward at once: a silo's own machinery (Orleans' membership, reminders, messaging)
/// keeps running on it as on the clock, while a test jumps over a retry's backoff, a night's quiet hours or five days
/// of failures. <see cref="Advance"/> fires the timers the jump passes, in order of their due times, each once, as
/// in a process that slept: a periodic timer that would have fired many times in the skipped span fires once, and a
/// timer set while the jump is made (a loop that waits a second at a time, as Orleans' own do) is left to real time.
/// </summary>
public sealed class JumpingTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<JumpingTimer> _timers = [];
    private TimeSpan _offset;

    public JumpingTimeProvider(DateTimeOffset start) => _offset = start - System.GetUtcNow();

    public JumpingTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpingTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var target = GetUtcNow() + by;
        HashSet<JumpingTimer> pending;
        lock (_lock)
        {
            pending = [.. _timers];
        }

        while (true)
        {
            JumpingTimer? next;
            lock (_lock)
            {
                next = pending.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                var now = System.GetUtcNow() + _offset;
                if (next is null)
                {
                    if (target > now)
                    {
                        _offset += target - now;
                    }

                    foreach (var timer in _timers)
                    {
                        timer.Reschedule();
                    }

                    return;
                }

                if (next.DueAt > now)
                {
                    _offset += next.DueAt!.Value - now;
                }

                pending.Remove(next);
            }

            next.Fire();
        }
    }

    private void Remove(JumpingTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class JumpingTimer : ITimer
    {
        private readonly JumpingTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _real;
        private TimeSpan _period;

        public JumpingTimer(JumpingTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            _real = System.CreateTimer(static self => ((JumpingTimer)self!).OnRealTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        /// <summary>When it next fires, on the provider's clock; null when it is stopped.</summary>
        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._lock)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _owner.GetUtcNow() + dueTime;
                _period = period;
                Reschedule();
            }

            return true;
        }

        /// <summary>Sets the real timer for what is left until <see cref="DueAt"/> on the provider's clock.</summary>
        public void Reschedule()
        {
            var left = DueAt is { } due ? due - _owner.GetUtcNow() : Timeout.InfiniteTimeSpan;
            _real.Change(left == Timeout.InfiniteTimeSpan ? left : left < TimeSpan.Zero ? TimeSpan.Zero : left, Timeout.InfiniteTimeSpan);
        }

        public void Fire()
        {
            lock (_owner._lock)
            {
                DueAt = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan ? _owner.GetUtcNow() + _period : null;
                Reschedule();
            }

            _callback(_state);
        }

        public void Dispose()
        {
            _real.Dispose();
            _owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void OnRealTimer()
        {
            lock (_owner._lock)
            {
                if (DueAt is not { } due || due > _owner.GetUtcNow())
                {
                    // Moved since the real timer was set.
                    Reschedule();
                    return;
                }
            }

            Fire();
        }
    }
}
