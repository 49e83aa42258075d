using Microsoft.Extensions.Logging;

namespace Notifications.Runtime;

/// <summary>A timer whose ticks run as turns of its activation. A tick never overlaps the previous one.</summary>
internal sealed class GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) : IGrainTimer
{
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private int _tickInProgress;

    public void Start() =>
        _timer = activation.Runtime.TimeProvider.CreateTimer(static state => ((GrainTimer)state!).OnTick(), this, options.DueTime, options.Period);

    public void Change(TimeSpan dueTime, TimeSpan period) => _timer?.Change(dueTime, period);

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer?.Dispose();
        activation.RemoveTimer(this);
    }

    private void OnTick()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _tickInProgress, 1) == 1)
        {
            return;
        }

        var turn = new Turn<object?>(async _ =>
        {
            try
            {
                if (!_disposed.IsCancellationRequested)
                {
                    await callback(_disposed.Token);
                }
            }
            catch (Exception exception)
            {
                activation.Runtime.Logger.LogWarning(exception, "Timer callback of {GrainId} failed", activation.GrainId);
            }
            finally
            {
                Volatile.Write(ref _tickInProgress, 0);
            }

            return null;
        })
        {
            Interleave = options.Interleave,
            KeepAlive = options.KeepAlive,
        };

        if (!activation.TryEnqueue(turn))
        {
            Volatile.Write(ref _tickInProgress, 0);
        }
    }
}
