namespace Notifications.Runtime;

/// <summary>
/// The local activations of one stateless-worker grain id. A call goes to the least busy worker, and a new one is
/// added, up to the limit, while every worker is busy. Choosing reads a snapshot without locking.
/// </summary>
internal sealed class StatelessWorkerPool(GrainRuntime runtime, GrainClassInfo classInfo, GrainId grainId)
{
    private readonly object _lock = new();
    private volatile GrainActivation[] _workers = [];

    public IReadOnlyList<GrainActivation> Snapshot() => _workers;

    public void Enqueue(Turn turn)
    {
        while (true)
        {
            var target = LeastBusy(_workers, out var load);
            if (load > 0 && _workers.Length < classInfo.StatelessWorker!.MaxLocalWorkers)
            {
                target = AddWorker() ?? target;
            }

            if (target is not null && target.TryEnqueue(turn))
            {
                return;
            }

            if (target is not null)
            {
                Remove(target);
            }
        }
    }

    public void Remove(GrainActivation worker)
    {
        lock (_lock)
        {
            _workers = _workers.Where(w => !ReferenceEquals(w, worker)).ToArray();
        }
    }

    private static GrainActivation? LeastBusy(GrainActivation[] workers, out int load)
    {
        GrainActivation? best = null;
        load = int.MaxValue;
        foreach (var worker in workers)
        {
            var current = worker.Load;
            if (current < load && worker.IsAlive)
            {
                (best, load) = (worker, current);
                if (current == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    private GrainActivation? AddWorker()
    {
        GrainActivation created;
        lock (_lock)
        {
            if (_workers.Length >= classInfo.StatelessWorker!.MaxLocalWorkers)
            {
                return null;
            }

            created = new GrainActivation(runtime, classInfo, grainId, runtime.Partitions.GetPartition(grainId), this);
            _workers = [.. _workers, created];
        }

        created.Start();
        return created;
    }
}
