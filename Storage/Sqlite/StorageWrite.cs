using System.Globalization;
using Orleans.Storage;

namespace Notifications.Storage;

/// <summary>One write waiting for the group commit; its task completes after the commit that holds it.</summary>
internal abstract class StorageWrite
{
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _result;
    private Exception? _conflict;

    public Task<string?> Completion => _completion.Task;

    /// <summary>When it was queued (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public long EnqueuedAt { get; set; }

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

    protected void Succeed(string? result) => _result = result;

    protected void Conflict(SqliteStatements statements, StateKey key, string? etag)
    {
        var current = statements.EtagOf(key)?.ToString(CultureInfo.InvariantCulture);
        _conflict = new InconsistentStateException($"Stale etag for {key}: expected {etag ?? "none"}, stored {current ?? "none"}.", current, etag);
    }

    public sealed class PutState(StateKey key, byte[] data, string? etag, long now) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            var changed = etag is null
                ? statements.InsertState.Bind(1, key.GrainType).Bind(2, key.GrainKey).Bind(3, key.StateName)
                    .Bind(4, 0).Bind(5, data).Bind(6, now).Execute()
                : statements.UpdateState.Bind(1, key.GrainType).Bind(2, key.GrainKey).Bind(3, key.StateName)
                    .Bind(4, data).Bind(5, now).Bind(6, long.Parse(etag, CultureInfo.InvariantCulture)).Execute();

            if (changed == 1)
            {
                Succeed(etag is null ? "1" : (long.Parse(etag, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Conflict(statements, key, etag);
            }
        }
    }

    public sealed class DeleteState(StateKey key, string? etag) : StorageWrite
    {
        public override void Execute(SqliteStatements statements)
        {
            var removed = etag is null
                ? statements.EtagOf(key) is null
                : statements.DeleteState.Bind(1, key.GrainType).Bind(2, key.GrainKey).Bind(3, key.StateName)
                    .Bind(4, long.Parse(etag, CultureInfo.InvariantCulture)).Execute() == 1;
            if (!removed)
            {
                Conflict(statements, key, etag);
            }
        }
    }

    /// <summary>A state re-encrypted as it was: nothing changes when its grain wrote it since (under the current key).</summary>
    public sealed class ReplaceData(StateKey key, byte[] data, long etag) : StorageWrite
    {
        public override void Execute(SqliteStatements statements) =>
            statements.ReplaceData.Bind(1, key.GrainType).Bind(2, key.GrainKey).Bind(3, key.StateName).Bind(4, data).Bind(5, etag).Execute();
    }

    public sealed class SetMeta(string name, string value) : StorageWrite
    {
        public override void Execute(SqliteStatements statements) => statements.SetMeta.Bind(1, name).Bind(2, value).Execute();
    }

    /// <summary>Completes with the reminder's new etag.</summary>
    public sealed class PutReminder(string grainType, string grainKey, uint grainHash, string name, DateTime startAt, TimeSpan period) : StorageWrite
    {
        public override void Execute(SqliteStatements statements) =>
            Succeed(statements.UpsertReminder.Bind(1, grainType).Bind(2, grainKey).Bind(3, name).Bind(4, grainHash)
                .Bind(5, new DateTimeOffset(DateTime.SpecifyKind(startAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds())
                .Bind(6, (long)period.TotalMilliseconds)
                .QuerySingle(static row => SQLitePCL.raw.sqlite3_column_int64(row, 0).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Completes with "1" when the reminder with that etag was removed, null when there was none.</summary>
    public sealed class DeleteReminder(string grainType, string grainKey, string name, string etag) : StorageWrite
    {
        public override void Execute(SqliteStatements statements) =>
            Succeed(long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                && statements.DeleteReminder.Bind(1, grainType).Bind(2, grainKey).Bind(3, name).Bind(4, version).Execute() == 1 ? "1" : null);
    }

    public sealed class ClearReminders : StorageWrite
    {
        public override void Execute(SqliteStatements statements) => statements.ClearReminders.Execute();
    }
}
