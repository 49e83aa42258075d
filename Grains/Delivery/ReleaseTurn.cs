namespace Notifications.Grains;

/// <summary>A batch's turn to join the lanes at its send time (see <see cref="DeliveryLanes.ReleaseAsync"/>), until disposed.</summary>
public sealed class ReleaseTurn(SemaphoreSlim turns) : IDisposable
{
    private int _ended;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            turns.Release();
        }
    }
}
