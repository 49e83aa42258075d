using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using SQLitePCL;

namespace Notifications.Storage;

/// <summary>
/// Grain state and reminders in one SQLite file. Every write goes through a single writer that commits whatever
/// has queued up in one transaction (group commit): each caller's task completes only after the commit holding its
/// write is durable, and a busy silo pays one fsync for thousands of writes. It stores what
/// <see cref="EncryptedGrainStorage"/> hands it: encrypted bytes.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IReminderTable, IGrainKeyCatalog, IStorageHealth, IAsyncDisposable
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
    private readonly Histogram<double>? _commitDuration;
    private readonly Histogram<double>? _writeDuration;

    /// <summary>The meter of the embedded store's writes (<c>/metrics</c>): what a delivered notification costs in storage.</summary>
    public const string MeterName = "Notifications.Storage";

    public SqliteGrainStorage(IOptions<SqliteStorageOptions> options, ILogger<SqliteGrainStorage> logger, TimeProvider timeProvider, IMeterFactory? meters = null)
    {
        if (meters?.Create(MeterName) is { } meter)
        {
            meter.CreateObservableCounter("notifications.storage.writes", () => Volatile.Read(ref _writeCount), "{write}",
                "State and reminder writes committed to the embedded store.");
            meter.CreateObservableCounter("notifications.storage.commits", () => Interlocked.Read(ref _commitCount), "{commit}",
                "Group commits (one fsync each) of the embedded store.");
            _commitDuration = meter.CreateHistogram<double>("notifications.storage.commit.duration", "s",
                "How long a group commit took, from its first statement to its fsync.");
            _writeDuration = meter.CreateHistogram<double>("notifications.storage.write.duration", "s",
                "How long a write waited for the commit that holds it to be durable: what a grain's write costs it.");
        }

        _options = options.Value;
        _logger = logger;
        _timeProvider = timeProvider;
        var fullPath = System.IO.Path.GetFullPath(_options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>How many group commits have completed: with <see cref="WriteCount"/>, how well writes are grouped.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    public long WriteCount => Volatile.Read(ref _writeCount);

    private long _writeCount;

    private readonly Lock _initialization = new();

    /// <summary>Creates the file and its tables on first use, and starts the group-commit writer.</summary>
    public void EnsureInitialized()
    {
        if (Volatile.Read(ref _writer) is not null)
        {
            return;
        }

        lock (_initialization)
        {
            if (_writer is null)
            {
                Initialize();
            }
        }
    }

    private void Initialize()
    {

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
                    partition INTEGER NOT NULL, etag INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS reminders (
                    grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL,
                    partition INTEGER NOT NULL, start_at INTEGER NOT NULL, period_ms INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, name)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS storage_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                -- What a file made while the storage kept an index of owners holds of it: the grains keep the
                -- records about each user now (the directory grains), so the index only cost every write.
                DROP INDEX IF EXISTS grain_state_by_owner;
                DROP TABLE IF EXISTS grain_owner;
                """);
            UpgradeReminders(connection);
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

        var writer = new Thread(WriterLoop) { IsBackground = true, Name = "sqlite-group-commit" };
        writer.Start();
        Volatile.Write(ref _writer, writer);
    }

    /// <summary>
    /// Orleans finds a silo's reminders by the uniform hash of their grain's id and removes them by etag: a file from
    /// before the move onto Orleans gains both columns, its rows their hashes, and its one-shot reminders (period -1)
    /// a period, since Orleans' reminders all repeat until their grain removes them.
    /// </summary>
    private static void UpgradeReminders(SqliteConnection connection)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('reminders') WHERE name = 'grain_hash'";
        if (Convert.ToInt64(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute(connection, "ALTER TABLE reminders ADD COLUMN grain_hash INTEGER NOT NULL DEFAULT -1; ALTER TABLE reminders ADD COLUMN etag INTEGER NOT NULL DEFAULT 1;");
        }

        Execute(connection, "CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash)");
        var rows = new List<(string Type, string Key)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT DISTINCT grain_type, grain_key FROM reminders WHERE grain_hash = -1";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        using var transaction = connection.BeginTransaction();
        foreach (var (type, key) in rows)
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE reminders SET grain_hash = $hash WHERE grain_type = $type AND grain_key = $key";
            update.Parameters.AddWithValue("$hash", (long)GrainId.Create(type, key).GetUniformHashCode());
            update.Parameters.AddWithValue("$type", type);
            update.Parameters.AddWithValue("$key", key);
            update.ExecuteNonQuery();
        }

        using (var periods = connection.CreateCommand())
        {
            periods.CommandText = "UPDATE reminders SET period_ms = 60000 WHERE period_ms < 0";
            periods.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureInitialized();
        var key = StateKey.For(grainId, stateName);
        // SQLite answers a keyed read in microseconds, synchronously: a pooled connection with the statement
        // already prepared is worth more here than an async signature.
        var reader = _readers.TryTake(out var pooled) ? pooled : new StateReader(Open());
        (byte[] Data, long Etag)? record;
        try
        {
            record = reader.Select.Bind(1, key.GrainType).Bind(2, key.GrainKey).Bind(3, key.StateName)
                .QuerySingle<(byte[], long)?>(static row => (raw.sqlite3_column_blob(row, 0).ToArray(), raw.sqlite3_column_int64(row, 1)));
        }
        finally
        {
            _readers.Add(reader);
        }

        grainState.RecordExists = record is not null;
        grainState.ETag = record?.Etag.ToString(CultureInfo.InvariantCulture);
        grainState.State = record is { } found ? FromStored<T>(found.Data) : Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = ToStored(grainState.State);
        grainState.ETag = await EnqueueAsync(new StorageWrite.PutState(
            StateKey.For(grainId, stateName), stored.Data, grainState.ETag, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
        grainState.RecordExists = true;
    }

    /// <summary>The file holds what <see cref="EncryptedGrainStorage"/> makes of a state, never a state in the clear.</summary>
    private static ProtectedState ToStored<T>(T state) =>
        state as ProtectedState ?? throw new NotSupportedException($"SQLite grain storage keeps only encrypted states; register it behind {nameof(EncryptedGrainStorage)}.");

    private static T FromStored<T>(byte[] data) =>
        typeof(T) == typeof(ProtectedState)
            ? (T)(object)new ProtectedState { Data = data }
            : throw new NotSupportedException($"SQLite grain storage keeps only encrypted states; register it behind {nameof(EncryptedGrainStorage)}.");

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnqueueAsync(new StorageWrite.DeleteState(StateKey.For(grainId, stateName), grainState.ETag));
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string grainType, string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken = default)
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

    private async Task<IReadOnlyList<string>> QueryKeysAsync(
        string sql, (string Name, string Value)[] parameters, string grainType, string stateName, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        EnsureInitialized();
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

    /// <summary>
    /// Puts every state the file holds under <paramref name="protector"/>'s current key, a page at a time beside the
    /// grains' own writes, and records that it did, so that the next start with the same key walks nothing. A state
    /// its grain writes meanwhile is left to that write. Answers how many states it re-encrypted.
    /// </summary>
    public async Task<int> ReencryptAsync(AesGcmStateProtector protector, CancellationToken cancellationToken)
    {
        const string KeyIdName = "state_key_id";
        const int PageSize = 500;
        EnsureInitialized();
        await using var connection = Open();
        await using (var meta = connection.CreateCommand())
        {
            meta.CommandText = "SELECT value FROM storage_meta WHERE name = $name";
            meta.Parameters.AddWithValue("$name", KeyIdName);
            if (await meta.ExecuteScalarAsync(cancellationToken) as string == protector.CurrentKeyId)
            {
                return 0;
            }
        }

        var reencrypted = 0;
        var after = new StateKey("", "", "");
        while (true)
        {
            var page = new List<(StateKey Key, byte[] Data, long Etag)>(PageSize);
            await using (var select = connection.CreateCommand())
            {
                select.CommandText = """
                    SELECT grain_type, grain_key, state_name, data, etag FROM grain_state
                    WHERE (grain_type, grain_key, state_name) > ($type, $key, $state)
                    ORDER BY grain_type, grain_key, state_name LIMIT $limit
                    """;
                select.Parameters.AddWithValue("$type", after.GrainType);
                select.Parameters.AddWithValue("$key", after.GrainKey);
                select.Parameters.AddWithValue("$state", after.StateName);
                select.Parameters.AddWithValue("$limit", PageSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((new StateKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)), (byte[])reader[3], reader.GetInt64(4)));
                }
            }

            var writes = page.Where(row => protector.NeedsNewKey(row.Data))
                .Select(row => EnqueueAsync(new StorageWrite.ReplaceData(
                    row.Key, protector.Reencrypt(GrainId.Create(row.Key.GrainType, row.Key.GrainKey), row.Key.StateName, row.Data), row.Etag)))
                .ToList();
            await Task.WhenAll(writes);
            reencrypted += writes.Count;
            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Key;
        }

        await EnqueueAsync(new StorageWrite.SetMeta(KeyIdName, protector.CurrentKeyId));
        return reencrypted;
    }

    public Task Init() => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadRemindersAsync("grain_type = $type AND grain_key = $key", [("$type", grainId.Type.ToString()!), ("$key", grainId.Key.ToString()!)]);

    /// <summary>The reminders of grains whose hashes fall in the ring range (begin, end], which wraps when begin is not below end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        ReadRemindersAsync(begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "(grain_hash > $begin OR grain_hash <= $end)", [("$begin", (long)begin), ("$end", (long)end)]);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadRemindersAsync(
            "grain_type = $type AND grain_key = $key AND name = $name",
            [("$type", grainId.Type.ToString()!), ("$key", grainId.Key.ToString()!), ("$name", reminderName)]);
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry) =>
        (await EnqueueAsync(new StorageWrite.PutReminder(
            entry.GrainId.Type.ToString()!, entry.GrainId.Key.ToString()!, entry.GrainId.GetUniformHashCode(), entry.ReminderName, entry.StartAt, entry.Period)));

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        await EnqueueAsync(new StorageWrite.DeleteReminder(grainId.Type.ToString()!, grainId.Key.ToString()!, reminderName, eTag)) is not null;

    public Task TestOnlyClearTable() => EnqueueAsync(new StorageWrite.ClearReminders());

    private async Task<ReminderTableData> ReadRemindersAsync(string where, (string Name, object Value)[] parameters)
    {
        EnsureInitialized();
        var entries = new List<ReminderEntry>();
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT grain_type, grain_key, name, start_at, period_ms, etag FROM reminders WHERE {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Create(reader.GetString(0), reader.GetString(1)),
                ReminderName = reader.GetString(2),
                StartAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                ETag = reader.GetInt64(5).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }

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

    private Task<string?> EnqueueAsync(StorageWrite write)
    {
        EnsureInitialized();
        write.EnqueuedAt = Stopwatch.GetTimestamp();
        if (!_writes.Writer.TryWrite(write))
        {
            throw new SiloUnavailableException("The SQLite store is shutting down.");
        }

        return write.Completion;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Statements here run on SQLite's own API, past Microsoft.Data.Sqlite's retries: without a busy timeout, a
        // lock SQLite holds for a moment even in WAL mode (a checkpoint, a reader's first look at the WAL index)
        // fails a whole group commit with "database is locked" instead of waiting for it.
        raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
        Execute(connection, $"PRAGMA mmap_size = {_options.MemoryMapSize.ToString(CultureInfo.InvariantCulture)}");
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
        Execute(connection, $"PRAGMA cache_size = -{_options.WriterCacheKiB.ToString(CultureInfo.InvariantCulture)}");
        using var statements = new SqliteStatements(connection);
        var batch = new List<StorageWrite>(_options.MaxBatchSize);
        var reader = _writes.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            var started = Stopwatch.GetTimestamp();
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
                Volatile.Write(ref _writeCount, _writeCount + batch.Count);
                var committed = Stopwatch.GetTimestamp();
                _commitDuration?.Record(Stopwatch.GetElapsedTime(started, committed).TotalSeconds);
                foreach (var write in batch)
                {
                    write.Complete();
                }

                foreach (var write in batch)
                {
                    _writeDuration?.Record(Stopwatch.GetElapsedTime(write.EnqueuedAt, committed).TotalSeconds);
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
