namespace Notifications.Grains;

/// <summary>
/// One priority's waiting steps: a queue per tenant, the tenants served in turn, so that a tenant with a million
/// steps waiting holds another tenant's one back by a turn, not by a million.
/// </summary>
internal sealed class FairLane
{
    private readonly Dictionary<string, Queue<LaneEntry>> _byTenant = new(StringComparer.Ordinal);
    private readonly Queue<string> _turns = new();

    public int Count { get; private set; }

    public void Enqueue(LaneEntry entry)
    {
        if (!_byTenant.TryGetValue(entry.Tenant, out var queue))
        {
            _byTenant[entry.Tenant] = queue = new Queue<LaneEntry>();
            _turns.Enqueue(entry.Tenant);
        }

        queue.Enqueue(entry);
        Count++;
    }

    /// <summary>The next step of the first tenant in turn that <paramref name="mayRun"/> lets run one more.</summary>
    public bool TryDequeue(Func<string, bool> mayRun, out LaneEntry entry)
    {
        for (var looked = _turns.Count; looked > 0; looked--)
        {
            var tenant = _turns.Dequeue();
            if (!mayRun(tenant))
            {
                _turns.Enqueue(tenant);
                continue;
            }

            var queue = _byTenant[tenant];
            entry = queue.Dequeue();
            Count--;
            if (queue.Count > 0)
            {
                _turns.Enqueue(tenant);
            }
            else
            {
                _byTenant.Remove(tenant);
            }

            return true;
        }

        entry = default;
        return false;
    }
}
