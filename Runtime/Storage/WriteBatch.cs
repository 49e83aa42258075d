namespace Notifications.Runtime;

/// <summary>
/// Holds the storage writes one synchronous run of a grain's code issues (a state and the reminder that resumes it,
/// say) and hands them to their store as one, so that they land in the same group commit: a crash keeps all of them
/// or none. Without it the two could fall on either side of a commit, and a crash between left a state that nothing
/// would ever resume.
/// </summary>
internal static class WriteBatch
{
    [ThreadStatic]
    private static bool t_collecting;

    [ThreadStatic]
    private static List<StorageWrite>? t_writes;

    [ThreadStatic]
    private static SqliteGrainStorage? t_store;

    /// <returns>Whether this call started collecting, so that its <see cref="End"/> is the one that hands the writes over.</returns>
    public static bool Begin()
    {
        if (t_collecting)
        {
            return false;
        }

        t_collecting = true;
        return true;
    }

    /// <summary>Takes the write into the run's batch; false outside a grain's run, or for a second store.</summary>
    public static bool TryAdd(SqliteGrainStorage store, StorageWrite write)
    {
        if (!t_collecting || (t_store is not null && !ReferenceEquals(t_store, store)))
        {
            return false;
        }

        t_store = store;
        (t_writes ??= []).Add(write);
        return true;
    }

    public static void End(bool started)
    {
        if (!started)
        {
            return;
        }

        t_collecting = false;
        if (t_store is not { } store || t_writes is not { Count: > 0 } writes)
        {
            return;
        }

        StorageWrite write = writes.Count == 1 ? writes[0] : new StorageWrite.Together([.. writes]);
        writes.Clear();
        t_store = null;
        try
        {
            store.Enqueue(write);
        }
        catch (Exception exception)
        {
            write.Fail(exception);
        }
    }
}
