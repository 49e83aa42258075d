using System.Globalization;

namespace Notifications.Runtime;

/// <summary>One write waiting for the group commit; its task completes after the commit that holds it.</summary>
internal abstract class StorageWrite
{
    private readonly TaskCompletionSource<string> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _result = string.Empty;
    private Exception? _conflict;

    public Task<string> Completion => _completion.Task;

    public abstract void Execute(SqliteStatements statements);

    public virtual void Complete()
    {
        if (_conflict is not null)
        {
            _completion.TrySetException(_conflict);
        }
        else
        {
            _completion.TrySetResult(_result);
        }
    }

    public virtual void Fail(Exception exception) => _completion.TrySetException(exception);

    protected void Succeed(string result) => _result = result;

    protected void Conflict(SqliteStatements statements, GrainStateKey key, string? etag)
    {
        var current = statements.EtagOf(key)?.ToString(CultureInfo.InvariantCulture);
        _conflict = new InconsistentStateException(
            $"Stale etag for {key.GrainId} state '{key.StateName}': expected {etag ?? "none"}, stored {current ?? "none"}.", current, etag);
    }

    public sealed class PutState(GrainStateKey key, byte[] data, string? etag, string? owner, IReadOnlyCollection<string>? groupOwners, long now) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            var changed = etag is null
                ? statements.InsertState.Bind(1, key.GrainId.Type).Bind(2, key.GrainId.Key).Bind(3, key.StateName)
                    .Bind(4, key.Partition).Bind(5, data).Bind(6, now).Bind(7, owner).Execute()
                : Update(statements.UpdateState) is 1 ? 1 : Update(statements.UpdateStateAndOwner);
            int Update(PreparedStatement update) => update.Bind(1, key.GrainId.Type).Bind(2, key.GrainId.Key).Bind(3, key.StateName)
                .Bind(4, data).Bind(5, now).Bind(6, long.Parse(etag!, CultureInfo.InvariantCulture)).Bind(7, owner).Execute();

            if (changed == 1)
            {
                if (groupOwners is not null)
                {
                    statements.SetGroupOwners(key, groupOwners);
                }

                Succeed(etag is null ? "1" : (long.Parse(etag, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Conflict(statements, key, etag);
            }
        }
    }

    /// <summary>Writes that commit in the same transaction (see <see cref="WriteBatch"/>), each completing as its own.</summary>
    public sealed class Together(StorageWrite[] writes) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            foreach (var write in writes)
            {
                write.Execute(statements);
            }
        }

        public override void Complete()
        {
            foreach (var write in writes)
            {
                write.Complete();
            }
        }

        public override void Fail(Exception exception)
        {
            foreach (var write in writes)
            {
                write.Fail(exception);
            }
        }
    }

    public sealed class DeleteState(GrainStateKey key, string? etag) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            var removed = etag is null
                ? statements.EtagOf(key) is null
                : statements.DeleteState.Bind(1, key.GrainId.Type).Bind(2, key.GrainId.Key).Bind(3, key.StateName)
                    .Bind(4, long.Parse(etag, CultureInfo.InvariantCulture)).Execute() == 1;
            if (!removed)
            {
                Conflict(statements, key, etag);
            }
            else
            {
                statements.SetGroupOwners(key, []);
            }
        }
    }

    public sealed class PutReminder(ReminderEntry entry) : StorageWrite
    {
        public override void Execute(SqliteStatements statements) =>
            statements.UpsertReminder.Bind(1, entry.GrainId.Type).Bind(2, entry.GrainId.Key).Bind(3, entry.Name).Bind(4, entry.Partition)
                .Bind(5, entry.StartAt.ToUnixTimeMilliseconds())
                .Bind(6, entry.Period == Timeout.InfiniteTimeSpan ? -1L : (long)entry.Period.TotalMilliseconds)
                .Execute();
    }

    public sealed class DeleteReminder(GrainId grainId, string name) : StorageWrite
    {
        public override void Execute(SqliteStatements statements) =>
            statements.DeleteReminder.Bind(1, grainId.Type).Bind(2, grainId.Key).Bind(3, name).Execute();
    }
}
