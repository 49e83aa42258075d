namespace Notifications.Runtime;

/// <summary>The local activations of one stateless-worker grain id: an idle one takes the call, or a new one up to the limit.</summary>
internal sealed class StatelessWorkerPool(GrainRuntime runtime, GrainClassInfo classInfo, GrainId grainId)
{
    private readonly object _lock = new();
    private readonly List<GrainActivation> _workers = [];

    public IReadOnlyList<GrainActivation> Snapshot()
    {
        lock (_lock)
        {
            return _workers.ToArray();
        }
    }

    public void Enqueue(Turn turn)
    {
        while (true)
        {
            GrainActivation? target = null;
            var created = false;
            lock (_lock)
            {
                foreach (var worker in _workers)
                {
                    if (worker.IsIdle)
                    {
                        target = worker;
                        break;
                    }
                }

                if (target is null && _workers.Count < classInfo.StatelessWorker!.MaxLocalWorkers)
                {
                    target = new GrainActivation(runtime, classInfo, grainId, runtime.Partitions.GetPartition(grainId), this);
                    _workers.Add(target);
                    created = true;
                }

                target ??= _workers.MinBy(w => w.Load)!;
            }

            if (created)
            {
                target.Start();
            }

            if (target.TryEnqueue(turn))
            {
                return;
            }

            Remove(target);
        }
    }

    public void Remove(GrainActivation worker)
    {
        lock (_lock)
        {
            _workers.Remove(worker);
        }
    }
}
