using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Notifications.Runtime.Tests;

public sealed class StorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grain-storage-").FullName;

    public static TheoryData<string> Providers => new() { "sqlite", "memory" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_write_with_a_stale_etag_throws(string provider)
    {
        var storage = await CreateAsync(provider);
        var key = new GrainStateKey(new GrainId("thing", "a"), "state", 3);

        var first = await storage.WriteAsync(key, [1], etag: null, owner: null, groupOwners: null, CancellationToken.None);
        var second = await storage.WriteAsync(key, [2], first, owner: null, groupOwners: null, CancellationToken.None);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(key, [3], first, owner: null, groupOwners: null, CancellationToken.None));
        Assert.Equal(second, stale.StoredEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(key, [4], etag: null, owner: null, groupOwners: null, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(key, first, CancellationToken.None));
        Assert.Equal([2], (await storage.ReadAsync(key, CancellationToken.None))!.Data);

        await storage.ClearAsync(key, second, CancellationToken.None);
        Assert.Null(await storage.ReadAsync(key, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reminders_are_read_back_by_partition(string provider)
    {
        var storage = await CreateAsync(provider);
        var table = (IReminderTable)storage;
        var start = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        await table.UpsertReminderAsync(new ReminderEntry(new GrainId("a", "1"), "r", 1, start, TimeSpan.FromMinutes(1)), CancellationToken.None);
        await table.UpsertReminderAsync(new ReminderEntry(new GrainId("a", "2"), "r", 2, start, Timeout.InfiniteTimeSpan), CancellationToken.None);
        await table.UpsertReminderAsync(new ReminderEntry(new GrainId("a", "3"), "r", 3, start, Timeout.InfiniteTimeSpan), CancellationToken.None);
        await table.RemoveReminderAsync(new GrainId("a", "3"), "r", CancellationToken.None);

        var rows = await table.ReadRemindersAsync([1, 2, 3], CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.Contains(new ReminderEntry(new GrainId("a", "2"), "r", 2, start, Timeout.InfiniteTimeSpan), rows);
        Assert.Single(await table.ReadRemindersAsync([1], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stored_keys_are_listed_by_type_state_and_prefix_a_page_at_a_time(string provider)
    {
        var storage = await CreateAsync(provider);
        foreach (var (type, key, state) in new[] { ("user", "t1/b", "user"), ("user", "t1/a", "user"), ("user", "t1/c", "user"), ("user", "t10/a", "user"), ("user", "t2/a", "user"), ("inbox", "t1/d", "inbox"), ("user", "t1/e", "other") })
        {
            await storage.WriteAsync(new GrainStateKey(new GrainId(type, key), state, 0), [1], etag: null, owner: null, groupOwners: null, CancellationToken.None);
        }

        await storage.ClearAsync(new GrainStateKey(new GrainId("user", "t1/c"), "user", 0), "1", CancellationToken.None);

        var first = await storage.ListKeysAsync("user", "user", "t1/", afterKey: null, limit: 1, CancellationToken.None);
        var rest = await storage.ListKeysAsync("user", "user", "t1/", first[^1], limit: 10, CancellationToken.None);
        var none = await storage.ListKeysAsync("user", "user", "t3/", afterKey: null, limit: 10, CancellationToken.None);

        Assert.Equal(["t1/a"], first);
        Assert.Equal(["t1/b"], rest);
        Assert.Empty(none);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task States_are_listed_by_the_owner_they_name_until_they_name_another(string provider)
    {
        var storage = await CreateAsync(provider);
        var a = new GrainStateKey(new GrainId("note", "a"), "state", 0);
        var b = new GrainStateKey(new GrainId("note", "b"), "state", 0);
        await storage.WriteAsync(a, [1], etag: null, owner: "t/ann", groupOwners: null, CancellationToken.None);
        await storage.WriteAsync(b, [1], etag: null, owner: "t/ann", groupOwners: null, CancellationToken.None);
        await storage.WriteAsync(new GrainStateKey(new GrainId("note", "c"), "state", 0), [1], etag: null, owner: "t/bob", groupOwners: null, CancellationToken.None);
        await storage.WriteAsync(new GrainStateKey(new GrainId("other", "d"), "state", 0), [1], etag: null, owner: "t/ann", groupOwners: null, CancellationToken.None);

        var before = await storage.ListKeysByOwnerAsync("note", "state", "t/ann", afterKey: null, limit: 10, CancellationToken.None);
        await storage.WriteAsync(b, [2], "1", owner: null, groupOwners: null, CancellationToken.None);
        var after = await storage.ListKeysByOwnerAsync("note", "state", "t/ann", afterKey: null, limit: 10, CancellationToken.None);
        var paged = await storage.ListKeysByOwnerAsync("note", "state", "t/ann", afterKey: "a", limit: 10, CancellationToken.None);

        Assert.Equal(["a", "b"], before);
        Assert.Equal(["a"], after);
        Assert.Empty(paged);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_state_about_many_owners_is_listed_for_each_of_them_until_they_are_taken_out_or_it_is_cleared(string provider)
    {
        var storage = await CreateAsync(provider);
        var page = new GrainStateKey(new GrainId("page", "p1"), "state", 0);
        var other = new GrainStateKey(new GrainId("page", "p2"), "state", 0);
        var first = await storage.WriteAsync(page, [1], etag: null, owner: null, groupOwners: ["t/ann", "t/bob"], CancellationToken.None);
        var otherEtag = await storage.WriteAsync(other, [1], etag: null, owner: "t/ann", groupOwners: ["t/cy"], CancellationToken.None);
        var second = await storage.WriteAsync(page, [2], first, owner: null, groupOwners: null, CancellationToken.None);

        var ann = await storage.ListKeysByOwnerAsync("page", "state", "t/ann", afterKey: null, limit: 10, CancellationToken.None);
        var bobKept = await storage.ListKeysByOwnerAsync("page", "state", "t/bob", afterKey: null, limit: 10, CancellationToken.None);
        var cy = await storage.ListKeysByOwnerAsync("page", "state", "t/cy", afterKey: null, limit: 10, CancellationToken.None);
        var annPaged = await storage.ListKeysByOwnerAsync("page", "state", "t/ann", afterKey: "p1", limit: 10, CancellationToken.None);
        var annOnce = await storage.ListKeysByOwnerAsync("page", "state", "t/ann", afterKey: null, limit: 1, CancellationToken.None);
        await storage.WriteAsync(page, [3], second, owner: null, groupOwners: ["t/ann"], CancellationToken.None);
        var bobTakenOut = await storage.ListKeysByOwnerAsync("page", "state", "t/bob", afterKey: null, limit: 10, CancellationToken.None);
        await storage.ClearAsync(other, otherEtag, CancellationToken.None);
        var cyCleared = await storage.ListKeysByOwnerAsync("page", "state", "t/cy", afterKey: null, limit: 10, CancellationToken.None);

        Assert.Equal(["p1", "p2"], ann);
        Assert.Equal(["p1"], bobKept);
        Assert.Equal(["p2"], cy);
        Assert.Equal(["p2"], annPaged);
        Assert.Equal(["p1"], annOnce);
        Assert.Empty(bobTakenOut);
        Assert.Empty(cyCleared);
    }

    [Fact]
    public async Task Writes_issued_in_one_run_of_a_grain_reach_the_store_together_in_one_commit()
    {
        var storage = (SqliteGrainStorage)await CreateAsync("sqlite");
        var commits = storage.CommitCount;
        Task<string> state;
        Task reminder;
        var started = WriteBatch.Begin();
        try
        {
            state = storage.WriteAsync(new GrainStateKey(new GrainId("note", "n1"), "state", 0), [1], etag: null, owner: null, groupOwners: null, CancellationToken.None);
            reminder = storage.UpsertReminderAsync(new ReminderEntry(new GrainId("note", "n1"), "resume", 0, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)), CancellationToken.None);
            // Held while the run goes on: a commit between the two could keep the state and lose its reminder.
            Thread.Sleep(200);
            Assert.False(state.IsCompleted);
            Assert.False(reminder.IsCompleted);
        }
        finally
        {
            WriteBatch.End(started);
        }

        await Task.WhenAll(state, reminder);
        var outside = storage.WriteAsync(new GrainStateKey(new GrainId("note", "n2"), "state", 0), [1], etag: null, owner: null, groupOwners: null, CancellationToken.None);
        await outside;

        Assert.Equal(commits + 2, storage.CommitCount);
        Assert.Single(await storage.ReadRemindersAsync([0], CancellationToken.None));
    }

    [Fact]
    public async Task A_new_database_has_pages_large_enough_for_a_grain_state_to_stay_beside_its_key()
    {
        var storage = await CreateAsync("sqlite");
        await storage.WriteAsync(new GrainStateKey(new GrainId("note", "big"), "state", 0), new byte[1_500], etag: null, owner: "t/ann", groupOwners: null, CancellationToken.None);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "grains.db")};Pooling=False");
        connection.Open();
        using var pageSize = connection.CreateCommand();
        pageSize.CommandText = "PRAGMA page_size";

        Assert.Equal(8192L, (long)pageSize.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_database_made_before_owners_gains_the_column_and_keeps_its_rows()
    {
        var path = Path.Combine(_directory, "grains.db");
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE grain_state (
                    grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL,
                    partition INTEGER NOT NULL, etag INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                INSERT INTO grain_state VALUES ('note', 'old', 'state', 0, 1, x'07', 0);
                """;
            create.ExecuteNonQuery();
        }

        var storage = await CreateAsync("sqlite");
        await storage.WriteAsync(new GrainStateKey(new GrainId("note", "new"), "state", 0), [8], etag: null, owner: "t/ann", groupOwners: null, CancellationToken.None);

        Assert.Equal([7], (await storage.ReadAsync(new GrainStateKey(new GrainId("note", "old"), "state", 0), CancellationToken.None))!.Data);
        Assert.Equal(["new"], await storage.ListKeysByOwnerAsync("note", "state", "t/ann", afterKey: null, limit: 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_write_waits_out_a_lock_another_connection_holds_for_a_moment_rather_than_fail()
    {
        var storage = await CreateAsync("sqlite");
        var key = new GrainStateKey(new GrainId("thing", "locked"), "state", 1);
        await storage.WriteAsync(key, [1], etag: null, owner: null, groupOwners: null, CancellationToken.None);
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "grains.db")};Pooling=False");
        other.Open();
        await using var transaction = other.BeginTransaction(deferred: false);

        var write = storage.WriteAsync(key, [2], "1", owner: null, groupOwners: null, CancellationToken.None);
        await Task.Delay(300);
        var waiting = !write.IsCompleted;
        await transaction.RollbackAsync();
        await write;

        Assert.True(waiting, "the write waits while the other connection holds the lock");
        Assert.Equal([2], (await storage.ReadAsync(key, CancellationToken.None))!.Data);
    }

    [Fact]
    public async Task Concurrent_writes_share_commits_and_each_is_durable_when_it_completes()
    {
        var storage = (SqliteGrainStorage)await CreateAsync("sqlite");

        var etags = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i =>
            Task.Run(() => storage.WriteAsync(new GrainStateKey(new GrainId("bulk", $"k{i}"), "s", 0), [(byte)(i % 256)], null, owner: null, groupOwners: null, CancellationToken.None))));

        Assert.All(etags, etag => Assert.Equal("1", etag));
        Assert.True(storage.CommitCount < 2000, $"2000 writes took {storage.CommitCount} commits: no grouping happened");

        // A second store over the same file, as after a restart, sees every write.
        await using var reopened = new SqliteGrainStorage(Options.Create(new SqliteStorageOptions { Path = Path.Combine(_directory, "grains.db") }), NullLogger<SqliteGrainStorage>.Instance, TimeProvider.System);
        await reopened.InitializeAsync(CancellationToken.None);
        for (var i = 0; i < 2000; i += 97)
        {
            Assert.Equal([(byte)(i % 256)], (await reopened.ReadAsync(new GrainStateKey(new GrainId("bulk", $"k{i}"), "s", 0), CancellationToken.None))!.Data);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<IGrainStorage> CreateAsync(string provider)
    {
        IGrainStorage storage = provider == "sqlite"
            ? new SqliteGrainStorage(Options.Create(new SqliteStorageOptions { Path = Path.Combine(_directory, "grains.db") }), NullLogger<SqliteGrainStorage>.Instance, TimeProvider.System)
            : new MemoryGrainStorage();
        await storage.InitializeAsync(CancellationToken.None);
        return storage;
    }
}
