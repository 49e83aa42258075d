using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace Notifications.Runtime;

/// <summary>
/// Grain state and reminders in one SQLite file. Every write goes through a single writer that commits whatever
/// has queued up in one transaction (group commit): each caller's task completes only after the commit holding its
/// write is durable, and a busy silo pays one fsync for thousands of writes.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IReminderTable, IAsyncDisposable
{
    private const int MinimumPageSize = 8192;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly SqliteStorageOptions _options;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _connectionString;
    private readonly Channel<StorageWrite> _writes = Channel.CreateUnbounded<StorageWrite>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly ConcurrentBag<StateReader> _readers = new();
    private Thread? _writer;
    private long _commitCount;

    public SqliteGrainStorage(IOptions<SqliteStorageOptions> options, ILogger<SqliteGrainStorage> logger, TimeProvider timeProvider)
    {
        _options = options.Value;
        _logger = logger;
        _timeProvider = timeProvider;
        var fullPath = System.IO.Path.GetFullPath(_options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>How many group commits have completed: with <see cref="WriteCount"/>, how well writes are grouped.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    public long WriteCount { get; private set; }

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return Task.CompletedTask;
        }

        using (var connection = Open())
        {
            // A WITHOUT ROWID row keeps at most about an eighth of a page beside its key; the rest goes to overflow pages.
            // A notification's state is a kilobyte or two, so 4 KiB pages spilled nearly every row (measured: four times
            // the file, half the throughput). The page size holds for a new file; an existing one keeps its own.
            Execute(connection, $"""
                PRAGMA page_size = {MinimumPageSize};
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
                    partition INTEGER NOT NULL, etag INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL, owner TEXT,
                    PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS reminders (
                    grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL,
                    partition INTEGER NOT NULL, start_at INTEGER NOT NULL, period_ms INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, name)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS reminders_by_partition ON reminders (partition);
                CREATE TABLE IF NOT EXISTS grain_owner (
                    grain_type TEXT NOT NULL, owner TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
                    PRIMARY KEY (grain_type, owner, grain_key, state_name)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS grain_owner_by_key ON grain_owner (grain_type, grain_key, state_name);
                """);
            // A file made before states named their owner gains the column; its older rows have none.
            using var columns = connection.CreateCommand();
            columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('grain_state') WHERE name = 'owner'";
            if (Convert.ToInt64(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                Execute(connection, "ALTER TABLE grain_state ADD COLUMN owner TEXT");
            }

            Execute(connection, "CREATE INDEX IF NOT EXISTS grain_state_by_owner ON grain_state (grain_type, owner, grain_key) WHERE owner IS NOT NULL");
            using var pageSize = connection.CreateCommand();
            pageSize.CommandText = "PRAGMA page_size";
            if (Convert.ToInt64(pageSize.ExecuteScalar(), CultureInfo.InvariantCulture) is var size and < MinimumPageSize)
            {
                // Rebuilding a large file takes minutes and twice its space: that is the operator's call, not the startup's.
                _logger.LogWarning(
                    "{Path} has {PageSize}-byte pages, made before the service used {MinimumPageSize}: most grain states spill onto overflow pages, "
                    + "which takes several times the space and about half the write throughput. With the silo stopped, rebuild it with: "
                    + "sqlite3 {Path} 'PRAGMA journal_mode=DELETE; PRAGMA page_size={MinimumPageSize}; VACUUM; PRAGMA journal_mode=WAL;'",
                    _options.Path, size, MinimumPageSize, _options.Path, MinimumPageSize);
            }
        }

        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "sqlite-group-commit" };
        _writer.Start();
        return Task.CompletedTask;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    public Task<GrainStateRecord?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        // SQLite answers a keyed read in microseconds, synchronously: a pooled connection with the statement
        // already prepared is worth more here than an async signature.
        var reader = _readers.TryTake(out var pooled) ? pooled : new StateReader(Open());
        try
        {
            return Task.FromResult(reader.Select.Bind(1, key.GrainId.Type).Bind(2, key.GrainId.Key).Bind(3, key.StateName)
                .QuerySingle(static row => new GrainStateRecord(
                    raw.sqlite3_column_blob(row, 0).ToArray(),
                    raw.sqlite3_column_int64(row, 1).ToString(CultureInfo.InvariantCulture))));
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string grainType, string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        // A range on the primary key rather than LIKE, which SQLite would not answer from the index. One lower bound,
        // the cursor once it is past the prefix: SQLite seeks to one of two and walks to the other, which made each
        // page of a scan over a million keys walk every key before it.
        var from = afterKey is not null && string.CompareOrdinal(afterKey, keyPrefix) >= 0 ? "grain_key > $after" : "grain_key >= $from";
        return QueryKeysAsync($"""
            SELECT grain_key FROM grain_state
            WHERE grain_type = $type AND {from} AND grain_key < $to AND state_name = $state
            ORDER BY grain_key LIMIT $limit
            """, [("$from", keyPrefix), ("$to", keyPrefix.Length == 0 ? "\U0010FFFF" : keyPrefix[..^1] + (char)(keyPrefix[^1] + 1))],
            grainType, stateName, afterKey, limit, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListKeysByOwnerAsync(string grainType, string stateName, string owner, string? afterKey, int limit, CancellationToken cancellationToken) =>
        QueryKeysAsync($"""
            SELECT grain_key FROM grain_state WHERE grain_type = $type AND owner = $owner AND grain_key > $after AND state_name = $state
            UNION
            SELECT grain_key FROM grain_owner WHERE grain_type = $type AND owner = $owner AND grain_key > $after AND state_name = $state
            ORDER BY grain_key LIMIT $limit
            """, [("$owner", owner)], grainType, stateName, afterKey, limit, cancellationToken);

    private async Task<IReadOnlyList<string>> QueryKeysAsync(
        string sql, (string Name, string Value)[] parameters, string grainType, string stateName, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", grainType);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Parameters.AddWithValue("$after", afterKey ?? "");
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$limit", limit);
        var keys = new List<string>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public Task<string> WriteAsync(GrainStateKey key, byte[] data, string? etag, string? owner, IReadOnlyCollection<string>? groupOwners, CancellationToken cancellationToken) =>
        EnqueueAsync(new StorageWrite.PutState(key, data, etag, owner, groupOwners, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));

    public Task ClearAsync(GrainStateKey key, string? etag, CancellationToken cancellationToken) =>
        EnqueueAsync(new StorageWrite.DeleteState(key, etag));

    public async Task<IReadOnlyList<ReminderEntry>> ReadRemindersAsync(IReadOnlyCollection<int> partitions, CancellationToken cancellationToken)
    {
        var owned = partitions.ToHashSet();
        var entries = new List<ReminderEntry>();
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, name, partition, start_at, period_ms FROM reminders";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var partition = reader.GetInt32(3);
            if (owned.Contains(partition))
            {
                var periodMs = reader.GetInt64(5);
                entries.Add(new ReminderEntry(
                    new GrainId(reader.GetString(0), reader.GetString(1)),
                    reader.GetString(2),
                    partition,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    periodMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(periodMs)));
            }
        }

        return entries;
    }

    public Task UpsertReminderAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        EnqueueAsync(new StorageWrite.PutReminder(entry));

    public Task RemoveReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        EnqueueAsync(new StorageWrite.DeleteReminder(grainId, name));

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writer is not null)
        {
            await Task.Run(() => _writer.Join(TimeSpan.FromSeconds(30)));
        }

        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        SqliteConnection.ClearAllPools();
    }

    private Task<string> EnqueueAsync(StorageWrite write)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException("The SQLite store is not initialized.");
        }

        if (!WriteBatch.TryAdd(this, write))
        {
            Enqueue(write);
        }

        return write.Completion;
    }

    internal void Enqueue(StorageWrite write)
    {
        if (!_writes.Writer.TryWrite(write))
        {
            throw new SiloUnavailableException("The SQLite store is shutting down.");
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Statements here run on SQLite's own API, past Microsoft.Data.Sqlite's retries: without a busy timeout, a
        // lock SQLite holds for a moment even in WAL mode (a checkpoint, a reader's first look at the WAL index)
        // fails a whole group commit with "database is locked" instead of waiting for it.
        raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class StateReader : IDisposable
    {
        private readonly SqliteConnection _connection;

        public StateReader(SqliteConnection connection)
        {
            _connection = connection;
            // Room for the table's interior pages (a few MiB for millions of rows), so that a keyed read goes to the
            // file only for its leaf: SQLite's default of 2 MiB per connection sent most levels to the file each time.
            Execute(connection, "PRAGMA cache_size = -16384");
            Select = new(connection, "SELECT data, etag FROM grain_state WHERE grain_type = ?1 AND grain_key = ?2 AND state_name = ?3");
        }

        public PreparedStatement Select { get; }

        public void Dispose()
        {
            Select.Dispose();
            _connection.Dispose();
        }
    }

    private void WriterLoop()
    {
        using var connection = Open();
        Execute(connection, $"PRAGMA synchronous = {(_options.Synchronous.Equals("NORMAL", StringComparison.OrdinalIgnoreCase) ? "NORMAL" : "FULL")};");
        using var statements = new SqliteStatements(connection);
        var batch = new List<StorageWrite>(_options.MaxBatchSize);
        var reader = _writes.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                statements.Begin.Execute();
                try
                {
                    foreach (var write in batch)
                    {
                        write.Execute(statements);
                    }

                    statements.Commit.Execute();
                }
                catch
                {
                    statements.Rollback.Execute();
                    throw;
                }

                Interlocked.Increment(ref _commitCount);
                WriteCount += batch.Count;
                foreach (var write in batch)
                {
                    write.Complete();
                }
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Group commit of {Count} writes failed", batch.Count);
                foreach (var write in batch)
                {
                    write.Fail(exception);
                }
            }

            batch.Clear();
        }

    }
}
