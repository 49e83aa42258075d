using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Notifications.Storage.Tests;

public sealed class SqliteGrainStorageTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grain-storage-").FullName;
    private readonly List<SqliteGrainStorage> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "grains.db");

    [Fact]
    public async Task A_write_with_a_stale_etag_throws()
    {
        var storage = Create();
        var id = GrainId.Create("thing", "a");
        var first = await WriteAsync(storage, id, [1], etag: null);
        var second = await WriteAsync(storage, id, [2], first);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, id, [3], first));
        Assert.Equal(second, stale.StoredEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, id, [4], etag: null));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", id, State([], first)));
        Assert.Equal([2], (await ReadAsync(storage, id))!.Data);

        await storage.ClearStateAsync("state", id, State([], second));
        Assert.Null(await ReadAsync(storage, id));
    }

    [Fact]
    public async Task Reminders_are_read_back_by_grain_and_by_the_hash_range_a_silo_owns()
    {
        IReminderTable table = Create();
        var start = new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var ids = Enumerable.Range(0, 20).Select(i => GrainId.Create("a", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        foreach (var id in ids)
        {
            await table.UpsertRow(new ReminderEntry { GrainId = id, ReminderName = "r", StartAt = start, Period = TimeSpan.FromMinutes(1) });
        }

        var etag = await table.UpsertRow(new ReminderEntry { GrainId = ids[0], ReminderName = "r", StartAt = start.AddHours(1), Period = TimeSpan.FromMinutes(2) });
        Assert.False(await table.RemoveRow(ids[1], "r", "999"));
        Assert.True(await table.RemoveRow(ids[1], "r", "1"));

        var first = await table.ReadRow(ids[0], "r");
        Assert.Equal(etag, first!.ETag);
        Assert.Equal(start.AddHours(1), first.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(2), first.Period);
        Assert.Null(await table.ReadRow(ids[1], "r"));
        Assert.Single((await table.ReadRows(ids[2])).Reminders);

        // Two ranges that cover the ring between them, one of them wrapping past zero, find every reminder once.
        var middle = ids[5].GetUniformHashCode();
        var low = await table.ReadRows(middle, uint.MaxValue / 2);
        var high = await table.ReadRows(uint.MaxValue / 2, middle);
        var all = low.Reminders.Concat(high.Reminders).Select(r => r.GrainId).ToList();
        Assert.Equal(19, all.Count);
        Assert.Equal(19, all.Distinct().Count());
        Assert.All(low.Reminders, r => Assert.True(r.GrainId.GetUniformHashCode() > middle && r.GrainId.GetUniformHashCode() <= uint.MaxValue / 2));
    }

    [Fact]
    public async Task Stored_keys_are_listed_by_type_state_and_prefix_a_page_at_a_time()
    {
        var storage = Create();
        foreach (var (type, key, state) in new[] { ("user", "t1/b", "user"), ("user", "t1/a", "user"), ("user", "t1/c", "user"), ("user", "t10/a", "user"), ("user", "t2/a", "user"), ("inbox", "t1/d", "inbox"), ("user", "t1/e", "other") })
        {
            await WriteAsync(storage, GrainId.Create(type, key), [1], etag: null, stateName: state);
        }

        await storage.ClearStateAsync("user", GrainId.Create("user", "t1/c"), State([], "1"));

        var first = await storage.ListKeysAsync("user", "user", "t1/", afterKey: null, limit: 1);
        var rest = await storage.ListKeysAsync("user", "user", "t1/", first[^1], limit: 10);
        var none = await storage.ListKeysAsync("user", "user", "t3/", afterKey: null, limit: 10);

        Assert.Equal(["t1/a"], first);
        Assert.Equal(["t1/b"], rest);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_new_database_has_pages_large_enough_for_a_grain_state_to_stay_beside_its_key()
    {
        var storage = Create();
        await WriteAsync(storage, GrainId.Create("note", "big"), new byte[1_500], etag: null);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var pageSize = connection.CreateCommand();
        pageSize.CommandText = "PRAGMA page_size";

        Assert.Equal(8192L, (long)pageSize.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_database_made_before_the_move_onto_Orleans_keeps_its_states_and_its_reminders()
    {
        var id = GrainId.Create("notification", "n1");
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            // The tables as the in-project runtime made them: no owners yet, reminders by partition, one-shot ones with period -1.
            create.CommandText = """
                CREATE TABLE grain_state (
                    grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
                    partition INTEGER NOT NULL, etag INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                INSERT INTO grain_state VALUES ('note', 'old', 'state', 0, 1, x'07', 0);
                CREATE TABLE reminders (
                    grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL,
                    partition INTEGER NOT NULL, start_at INTEGER NOT NULL, period_ms INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, name)) WITHOUT ROWID;
                INSERT INTO reminders VALUES ('notification', 'n1', 'resume', 7, 1777636800000, 60000);
                INSERT INTO reminders VALUES ('recurringschedules', 't', 's1', 9, 1777636800000, -1);
                """;
            create.ExecuteNonQuery();
        }

        var storage = Create();
        await WriteAsync(storage, GrainId.Create("note", "new"), [8], etag: null);
        IReminderTable table = storage;

        Assert.Equal([7], (await ReadAsync(storage, GrainId.Create("note", "old")))!.Data);
        Assert.Equal(["new", "old"], await storage.ListKeysAsync("note", "state", "", afterKey: null, limit: 10));
        var resume = await table.ReadRow(id, "resume");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1777636800000).UtcDateTime, resume!.StartAt);
        var all = await table.ReadRows(0, 0);
        Assert.Equal(2, all.Reminders.Count);
        Assert.All(all.Reminders, r => Assert.True(r.Period > TimeSpan.Zero));
        Assert.True(await table.RemoveRow(id, "resume", resume.ETag!));
    }

    [Fact]
    public async Task A_write_waits_out_a_lock_another_connection_holds_for_a_moment_rather_than_fail()
    {
        var storage = Create();
        var id = GrainId.Create("thing", "locked");
        await WriteAsync(storage, id, [1], etag: null);
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        other.Open();
        await using var transaction = other.BeginTransaction(deferred: false);

        var write = WriteAsync(storage, id, [2], "1");
        await Task.Delay(300);
        var waiting = !write.IsCompleted;
        await transaction.RollbackAsync();
        await write;

        Assert.True(waiting, "the write waits while the other connection holds the lock");
        Assert.Equal([2], (await ReadAsync(storage, id))!.Data);
    }

    [Fact]
    public async Task Concurrent_writes_share_commits_and_each_is_durable_when_it_completes()
    {
        var storage = Create();

        var etags = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i =>
            Task.Run(() => WriteAsync(storage, GrainId.Create("bulk", $"k{i}"), [(byte)(i % 256)], etag: null))));

        Assert.All(etags, etag => Assert.Equal("1", etag));
        Assert.True(storage.CommitCount < 2000, $"2000 writes took {storage.CommitCount} commits: no grouping happened");

        // A second store over the same file, as after a restart, sees every write.
        var reopened = Create();
        for (var i = 0; i < 2000; i += 97)
        {
            Assert.Equal([(byte)(i % 256)], (await ReadAsync(reopened, GrainId.Create("bulk", $"k{i}")))!.Data);
        }
    }

    [Fact]
    public async Task Behind_the_encrypting_wrapper_a_state_round_trips_and_the_file_never_holds_it_in_the_clear()
    {
        var sqlite = Create();
        using var protector = new AesGcmStateProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var storage = new EncryptedGrainStorage(sqlite, protector);
        var id = GrainId.Create("user", "t/alice");
        var state = new GrainState<Contact>(new Contact { Email = "alice@example.com" });

        await storage.WriteStateAsync("user", id, state);
        var read = new GrainState<Contact>(new Contact());
        await storage.ReadStateAsync("user", id, read);
        var missing = new GrainState<Contact>(new Contact { Email = "left over" });
        await storage.ReadStateAsync("user", GrainId.Create("user", "t/nobody"), missing);

        Assert.Equal("alice@example.com", read.State!.Email);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.State!.Email);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.DoesNotContain("alice@example.com"u8.ToArray(), [await File.ReadAllBytesAsync(DatabasePath)], new ContainsBytes());
    }

    [Fact]
    public async Task A_state_larger_than_the_first_pooled_buffer_round_trips_and_leaves_nothing_in_the_next()
    {
        var sqlite = Create();
        using var protector = new AesGcmStateProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var storage = new EncryptedGrainStorage(sqlite, protector);
        var (large, small) = (GrainId.Create("user", "t/large"), GrainId.Create("user", "t/small"));
        var email = new string('x', 300_000) + "@example.com";

        await storage.WriteStateAsync("user", large, new GrainState<Contact>(new Contact { Email = email }));
        await storage.WriteStateAsync("user", small, new GrainState<Contact>(new Contact { Email = "bo@example.com" }));
        var (readLarge, readSmall) = (new GrainState<Contact>(new Contact()), new GrainState<Contact>(new Contact()));
        await storage.ReadStateAsync("user", large, readLarge);
        await storage.ReadStateAsync("user", small, readSmall);

        Assert.Equal(email, readLarge.State!.Email);
        Assert.Equal("bo@example.com", readSmall.State!.Email);
    }

    [Fact]
    public async Task Reencryption_puts_every_state_under_the_new_key_keeps_each_etag_and_is_not_walked_again()
    {
        var sqlite = Create();
        var (oldKey, newKey) = (System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var before = new AesGcmStateProtector(oldKey);
        using var rotated = new AesGcmStateProtector(newKey, oldKey);
        using var newOnly = new AesGcmStateProtector(newKey);
        var ids = Enumerable.Range(0, 1_200).Select(i => GrainId.Create("user", $"t/u{i:D4}")).ToArray();
        var etags = new Dictionary<GrainId, string?>();
        foreach (var id in ids)
        {
            var state = new GrainState<Contact>(new Contact { Email = $"{id.Key}@example.com" });
            await new EncryptedGrainStorage(sqlite, before).WriteStateAsync("user", id, state);
            etags[id] = state.ETag;
        }

        var reencrypted = await sqlite.ReencryptAsync(rotated, CancellationToken.None);
        var again = await sqlite.ReencryptAsync(rotated, CancellationToken.None);
        var stored = new GrainState<ProtectedState>(new ProtectedState());
        await sqlite.ReadStateAsync("user", ids[^1], stored);
        var read = new GrainState<Contact>(new Contact());
        await new EncryptedGrainStorage(sqlite, newOnly).ReadStateAsync("user", ids[^1], read);
        // The grain that read its state before the pass still writes with the etag it holds.
        var write = new GrainState<Contact>(new Contact { Email = "changed@example.com" }, etags[ids[0]]) { RecordExists = true };
        await new EncryptedGrainStorage(sqlite, rotated).WriteStateAsync("user", ids[0], write);

        Assert.Equal(ids.Length, reencrypted);
        Assert.Equal(0, again);
        Assert.False(rotated.NeedsNewKey(stored.State!.Data));
        Assert.Equal(etags[ids[^1]], stored.ETag);
        Assert.Equal($"{ids[^1].Key}@example.com", read.State!.Email);
    }

    [Fact]
    public async Task A_state_read_under_a_replaced_key_is_written_back_under_the_current_one_and_its_grain_writes_on()
    {
        var sqlite = Create();
        var (oldKey, newKey) = (System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var before = new AesGcmStateProtector(oldKey);
        using var rotated = new AesGcmStateProtector(newKey, oldKey);
        using var newOnly = new AesGcmStateProtector(newKey);
        var id = GrainId.Create("user", "t/alice");
        await new EncryptedGrainStorage(sqlite, before).WriteStateAsync("user", id, new GrainState<Contact>(new Contact { Email = "alice@example.com" }));

        var activation = new GrainState<Contact>(new Contact());
        await new EncryptedGrainStorage(sqlite, rotated).ReadStateAsync("user", id, activation);
        var stored = new GrainState<ProtectedState>(new ProtectedState());
        await sqlite.ReadStateAsync("user", id, stored);
        activation.State!.Email = "alice@example.org";
        await new EncryptedGrainStorage(sqlite, rotated).WriteStateAsync("user", id, activation);
        var underNewKeyOnly = new GrainState<Contact>(new Contact());
        await new EncryptedGrainStorage(sqlite, newOnly).ReadStateAsync("user", id, underNewKeyOnly);

        Assert.False(rotated.NeedsNewKey(stored.State!.Data));
        Assert.Equal("alice@example.org", underNewKeyOnly.State!.Email);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private SqliteGrainStorage Create()
    {
        var store = new SqliteGrainStorage(Options.Create(new SqliteStorageOptions { Path = DatabasePath }), NullLogger<SqliteGrainStorage>.Instance, TimeProvider.System);
        _stores.Add(store);
        return store;
    }

    private static GrainState<ProtectedState> State(byte[] data, string? etag) =>
        new(new ProtectedState { Data = data }, etag) { RecordExists = etag is not null };

    private static async Task<string?> WriteAsync(IGrainStorage storage, GrainId id, byte[] data, string? etag, string stateName = "state")
    {
        var state = State(data, etag);
        await storage.WriteStateAsync(stateName, id, state);
        return state.ETag;
    }

    private static async Task<ProtectedState?> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<ProtectedState>(new ProtectedState());
        await storage.ReadStateAsync("state", id, state);
        return state.RecordExists ? state.State : null;
    }

    /// <summary>A file "contains" a byte string when the string occurs anywhere in it.</summary>
    private sealed class ContainsBytes : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? needle, byte[]? file) => file is not null && needle is not null && file.AsSpan().IndexOf(needle) >= 0;

        public int GetHashCode(byte[] obj) => 0;
    }

    private sealed class Contact
    {
        public string? Email { get; set; }
    }
}
