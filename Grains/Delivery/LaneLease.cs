namespace Notifications.Grains;

/// <summary>A slot in the delivery lanes held for a step of one's own (see <see cref="DeliveryLanes.EnterAsync"/>).</summary>
public sealed class LaneLease(DeliveryLanes lanes, int lane, string tenant, long started) : IDisposable
{
    private int _left;

    /// <summary>Whether a provider was called under the slot: the lanes time those to find their concurrency.</summary>
    public bool Attempted { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            lanes.Leave(lane, tenant, started, Attempted);
        }
    }
}
