using Microsoft.Data.Sqlite;

namespace Notifications.Runtime;

/// <summary>The writer's prepared statements, reused for every group commit.</summary>
internal sealed class SqliteStatements : IDisposable
{
    public SqliteStatements(SqliteConnection connection)
    {
        InsertState = Prepare(connection, """
            INSERT INTO grain_state (grain_type, grain_key, state_name, partition, etag, data, updated_at)
            VALUES ($type, $key, $name, $partition, 1, $data, $now) ON CONFLICT DO NOTHING
            """, "$type", "$key", "$name", "$partition", "$data", "$now");
        UpdateState = Prepare(connection, """
            UPDATE grain_state SET etag = etag + 1, data = $data, updated_at = $now
            WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND etag = $etag
            """, "$type", "$key", "$name", "$data", "$now", "$etag");
        DeleteState = Prepare(connection, """
            DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND etag = $etag
            """, "$type", "$key", "$name", "$etag");
        CurrentEtag = Prepare(connection, """
            SELECT etag FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name
            """, "$type", "$key", "$name");
        UpsertReminder = Prepare(connection, """
            INSERT INTO reminders (grain_type, grain_key, name, partition, start_at, period_ms)
            VALUES ($type, $key, $name, $partition, $start, $period)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET partition = excluded.partition, start_at = excluded.start_at, period_ms = excluded.period_ms
            """, "$type", "$key", "$name", "$partition", "$start", "$period");
        DeleteReminder = Prepare(connection, """
            DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name
            """, "$type", "$key", "$name");
    }

    public SqliteCommand InsertState { get; }

    public SqliteCommand UpdateState { get; }

    public SqliteCommand DeleteState { get; }

    public SqliteCommand CurrentEtag { get; }

    public SqliteCommand UpsertReminder { get; }

    public SqliteCommand DeleteReminder { get; }

    private IEnumerable<SqliteCommand> All => [InsertState, UpdateState, DeleteState, CurrentEtag, UpsertReminder, DeleteReminder];

    public void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in All)
        {
            command.Transaction = transaction;
        }
    }

    public void Dispose()
    {
        foreach (var command in All)
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }

        return command;
    }
}
