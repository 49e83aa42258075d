using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Notifications.Runtime;

/// <summary>One write waiting for the group commit; its task completes after the commit that holds it.</summary>
internal abstract class StorageWrite
{
    private readonly TaskCompletionSource<string> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _result = string.Empty;
    private Exception? _conflict;

    public Task<string> Completion => _completion.Task;

    public abstract void Execute(SqliteStatements statements);

    public void Complete()
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

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    protected void Succeed(string result) => _result = result;

    protected void Conflict(SqliteStatements statements, GrainStateKey key, string? etag)
    {
        var current = Bind(statements.CurrentEtag, key).ExecuteScalar();
        _conflict = new InconsistentStateException(
            $"Stale etag for {key.GrainId} state '{key.StateName}': expected {etag ?? "none"}, stored {current ?? "none"}.",
            current is null ? null : Convert.ToString(current, CultureInfo.InvariantCulture),
            etag);
    }

    protected static SqliteCommand Bind(SqliteCommand command, GrainStateKey key)
    {
        command.Parameters["$type"].Value = key.GrainId.Type;
        command.Parameters["$key"].Value = key.GrainId.Key;
        command.Parameters["$name"].Value = key.StateName;
        return command;
    }

    public sealed class PutState(GrainStateKey key, byte[] data, string? etag, long now) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            SqliteCommand command;
            if (etag is null)
            {
                command = Bind(statements.InsertState, key);
                command.Parameters["$partition"].Value = key.Partition;
            }
            else
            {
                command = Bind(statements.UpdateState, key);
                command.Parameters["$etag"].Value = long.Parse(etag, CultureInfo.InvariantCulture);
            }

            command.Parameters["$data"].Value = data;
            command.Parameters["$now"].Value = now;
            if (command.ExecuteNonQuery() == 1)
            {
                Succeed(etag is null ? "1" : (long.Parse(etag, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Conflict(statements, key, etag);
            }
        }
    }

    public sealed class DeleteState(GrainStateKey key, string? etag) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            if (etag is null)
            {
                if (Bind(statements.CurrentEtag, key).ExecuteScalar() is not null)
                {
                    Conflict(statements, key, etag);
                }

                return;
            }

            var command = Bind(statements.DeleteState, key);
            command.Parameters["$etag"].Value = long.Parse(etag, CultureInfo.InvariantCulture);
            if (command.ExecuteNonQuery() != 1)
            {
                Conflict(statements, key, etag);
            }
        }
    }

    public sealed class PutReminder(ReminderEntry entry) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            var command = statements.UpsertReminder;
            command.Parameters["$type"].Value = entry.GrainId.Type;
            command.Parameters["$key"].Value = entry.GrainId.Key;
            command.Parameters["$name"].Value = entry.Name;
            command.Parameters["$partition"].Value = entry.Partition;
            command.Parameters["$start"].Value = entry.StartAt.ToUnixTimeMilliseconds();
            command.Parameters["$period"].Value = entry.Period == Timeout.InfiniteTimeSpan ? -1L : (long)entry.Period.TotalMilliseconds;
            command.ExecuteNonQuery();
        }
    }

    public sealed class DeleteReminder(GrainId grainId, string name) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            var command = statements.DeleteReminder;
            command.Parameters["$type"].Value = grainId.Type;
            command.Parameters["$key"].Value = grainId.Key;
            command.Parameters["$name"].Value = name;
            command.ExecuteNonQuery();
        }
    }
}
