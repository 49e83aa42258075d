using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Notifications.Storage;

/// <summary>The writer's statements, prepared once on its connection and reused for every group commit.</summary>
internal sealed class SqliteStatements : IDisposable
{
    public SqliteStatements(SqliteConnection connection)
    {
        Begin = new(connection, "BEGIN IMMEDIATE");
        Commit = new(connection, "COMMIT");
        Rollback = new(connection, "ROLLBACK");
        InsertState = new(connection, """
            INSERT INTO grain_state (grain_type, grain_key, state_name, partition, etag, data, updated_at)
            VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6) ON CONFLICT DO NOTHING
            """);
        UpdateState = new(connection, """
            UPDATE grain_state SET etag = etag + 1, data = ?4, updated_at = ?5
            WHERE grain_type = ?1 AND grain_key = ?2 AND state_name = ?3 AND etag = ?6
            """);
        DeleteState = new(connection, "DELETE FROM grain_state WHERE grain_type = ?1 AND grain_key = ?2 AND state_name = ?3 AND etag = ?4");
        ReplaceData = new(connection, "UPDATE grain_state SET data = ?4 WHERE grain_type = ?1 AND grain_key = ?2 AND state_name = ?3 AND etag = ?5");
        SetMeta = new(connection, "INSERT INTO storage_meta (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        CurrentEtag = new(connection, "SELECT etag FROM grain_state WHERE grain_type = ?1 AND grain_key = ?2 AND state_name = ?3");
        UpsertReminder = new(connection, """
            INSERT INTO reminders (grain_type, grain_key, name, partition, grain_hash, start_at, period_ms, etag) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, 1)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET grain_hash = excluded.grain_hash, start_at = excluded.start_at,
                period_ms = excluded.period_ms, etag = reminders.etag + 1
            RETURNING etag
            """);
        DeleteReminder = new(connection, "DELETE FROM reminders WHERE grain_type = ?1 AND grain_key = ?2 AND name = ?3 AND etag = ?4");
        ClearReminders = new(connection, "DELETE FROM reminders");
    }

    public PreparedStatement Begin { get; }

    public PreparedStatement Commit { get; }

    public PreparedStatement Rollback { get; }

    public PreparedStatement InsertState { get; }

    public PreparedStatement UpdateState { get; }

    public PreparedStatement DeleteState { get; }

    /// <summary>The same state in other bytes (under another key): its etag stays, so that its grain's next write still lands.</summary>
    public PreparedStatement ReplaceData { get; }

    public PreparedStatement SetMeta { get; }

    public PreparedStatement CurrentEtag { get; }

    public PreparedStatement UpsertReminder { get; }

    public PreparedStatement DeleteReminder { get; }

    public PreparedStatement ClearReminders { get; }

    /// <summary>The stored etag of a state, or null when there is no record.</summary>
    public long? EtagOf(StateKey key) =>
        CurrentEtag.Bind(1, key.GrainType).Bind(2, key.GrainKey).Bind(3, key.StateName)
            .QuerySingle<long?>(static row => raw.sqlite3_column_int64(row, 0));

    public void Dispose()
    {
        foreach (var statement in new[] { Begin, Commit, Rollback, InsertState, UpdateState, DeleteState, ReplaceData, SetMeta, CurrentEtag, UpsertReminder, DeleteReminder, ClearReminders })
        {
            statement.Dispose();
        }
    }
}
