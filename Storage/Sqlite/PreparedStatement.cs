using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Notifications.Storage;

/// <summary>
/// One statement prepared once and run many times, bound by position. Microsoft.Data.Sqlite re-enumerates and
/// re-binds by name on every execution, which on the group-commit path cost more than SQLite itself.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    public PreparedStatement Bind(int index, string? value)
    {
        SqliteException.ThrowExceptionForRC(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value), _db);
        return this;
    }

    public PreparedStatement Bind(int index, long value)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, index, value), _db);
        return this;
    }

    public PreparedStatement Bind(int index, ReadOnlySpan<byte> value)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_blob(_statement, index, value), _db);
        return this;
    }

    /// <summary>Runs a statement that returns no rows; answers how many rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query and hands its first row, if any, to <paramref name="read"/>.</summary>
    public T? QuerySingle<T>(Func<sqlite3_stmt, T> read)
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_ROW)
            {
                return read(_statement);
            }

            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, _db);
            }

            return default;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
