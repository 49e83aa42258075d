using System.Collections.Concurrent;

namespace Notifications.Runtime;

/// <summary>
/// Runs one activation's work items one at a time on the thread pool. Continuations after an await inside a
/// grain come back here, so a grain's code never runs on two threads at once, as in Orleans.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    private const int MaxItemsPerSlice = 64;

    [ThreadStatic]
    private static ActivationTaskScheduler? _runningOnThread;

    private readonly ConcurrentQueue<Task> _queue = new();
    private int _scheduled;

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        _queue.Enqueue(task);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void Execute()
    {
        _runningOnThread = this;
        try
        {
            for (var executed = 0; executed < MaxItemsPerSlice && _queue.TryDequeue(out var task); executed++)
            {
                // What one run of the grain's code writes (a state and its reminder) reaches storage as one.
                var batch = WriteBatch.Begin();
                try
                {
                    TryExecuteTask(task);
                }
                finally
                {
                    WriteBatch.End(batch);
                }
            }
        }
        finally
        {
            _runningOnThread = null;
        }

        Volatile.Write(ref _scheduled, 0);
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    // Inlining is safe only on the thread that already holds this activation's slice.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        !taskWasPreviouslyQueued && ReferenceEquals(_runningOnThread, this) && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();
}
