namespace Notifications.Runtime.Tests;

/// <summary>Releases callers only once the given number of them are waiting at the same time.</summary>
public sealed class Rendezvous
{
    private readonly object _lock = new();
    private int _arrived;
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task ArriveAsync(int parties)
    {
        lock (_lock)
        {
            var gate = _all;
            if (++_arrived == parties)
            {
                _arrived = 0;
                _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
                gate.TrySetResult();
            }

            return gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
