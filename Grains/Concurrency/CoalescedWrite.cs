namespace Notifications.Grains;

/// <summary>
/// A reentrant grain's group commit: every change made while a write of its state is in flight is stored by one next
/// write, and each caller hears back when the write carrying its change is done. A page of a directory that a
/// thousand new users join at once is written a handful of times, not a thousand. Used only on the grain's own
/// scheduler, where nothing runs between two awaits.
/// </summary>
internal sealed class CoalescedWrite(Func<Task> write)
{
    private Task? _inFlight;

    /// <summary>The write that has not started yet: it carries every change made since the one in flight began.</summary>
    private Task? _queued;

    public Task WriteAsync()
    {
        if (_queued is not null)
        {
            return _queued;
        }

        return _inFlight is null ? _inFlight = RunAsync() : _queued = AfterAsync(_inFlight);
    }

    /// <summary>Done once every change made so far is stored: one already stored needs no write of its own.</summary>
    public Task WhenStoredAsync() => _queued ?? _inFlight ?? Task.CompletedTask;

    private async Task RunAsync()
    {
        try
        {
            await write();
        }
        finally
        {
            _inFlight = null;
        }
    }

    private async Task AfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The previous write's callers hear of its failure; this one stores their changes again, and the new ones.
        }

        _queued = null;
        await (_inFlight = RunAsync());
    }
}
