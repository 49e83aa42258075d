using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Grains;
using Notifications.Storage;
using Notifications.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;

// A month of steady load on the embedded store, with retention: every simulated day a tenant sends single
// notifications and batches, the day's work finishes, then the clock jumps a day. What the store holds is measured
// at the end of each day: it grows for the retention period, then stays flat as each day's records go.
var days = Argument("--days", 30);
var retentionDays = Argument("--retention-days", 7);
var singlesPerDay = Argument("--singles", 2_000);
var batchesPerDay = Argument("--batches", 4);
const int BatchSize = 500;

var directory = Directory.CreateTempSubdirectory("retention-month-").FullName;
var path = Path.Combine(directory, "notifications.db");
var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
var time = new JumpingTimeProvider(start);
var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Notifications:Retention:ResumeCheckInterval", "01:00:00")]).Build();
var builder = new InProcessTestClusterBuilder(1);
builder.ConfigureSiloHost((_, host) =>
{
    host.Logging.SetMinimumLevel(LogLevel.Warning);
    host.Services.AddSingleton<TimeProvider>(time);
});
builder.ConfigureSilo((_, silo) =>
{
    silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromDays(7));
    // Below the one-minute age of fan-out and directory pages, which Orleans requires.
    silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(30));
    // Every reminder held in memory, to fire as a jump passes it.
    silo.Configure<ReminderOptions>(o => (o.MinimumReminderPeriod, o.ReminderLoadingWindow) = (TimeSpan.FromSeconds(1), TimeSpan.FromDays(400)));
    silo.UseSqliteStorage(o => (o.Path, o.Synchronous) = (path, "NORMAL"));
    silo.UseStateEncryption(_ => [System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)]);
    silo.AddMemoryGrainStorage("PubSubStore");
    silo.AddMemoryStreams(InboxStreams.Provider);
    silo.AddNotificationGrains(configuration);
});
builder.ConfigureClient(client =>
{
    client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromDays(7));
    client.AddMemoryStreams(InboxStreams.Provider);
    client.Services.AddNotificationsSerialization();
});
var cluster = builder.Build();
await cluster.DeployAsync();
var grains = cluster.Client;
const string Tenant = "month";
await grains.GetGrain<ITenantSettingsGrain>(Tenant).SetAsync(TenantSettings.Default with { RetentionDays = retentionDays });

Console.WriteLine($"# {days} simulated days, retention {retentionDays} days, {singlesPerDay:N0} single sends and {batchesPerDay} batches of {BatchSize} a day (log channel), one silo, SQLite");
Console.WriteLine("| day | sent so far | notification records (of days) | fan-out pages | journals (+segments) | all stored states | reminders | file MiB | day took s |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
var sent = 0L;
for (var day = 1; day <= days; day++)
{
    var took = Stopwatch.StartNew();
    var ids = Enumerable.Range(0, singlesPerDay).Select(i => $"d{day}n{i}").ToArray();
    await Parallel.ForEachAsync(Enumerable.Range(0, singlesPerDay), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        await grains.GetGrain<INotificationGrain>(ids[i]).AcceptAsync(new NotificationRequest(Tenant, $"u{i & 1023}", "Your daily digest", Channel: ChannelNames.Log), ids[i]));
    for (var b = 0; b < batchesPerDay; b++)
    {
        var batchId = $"day{day:D3}batch{b:D3}".PadRight(32, '0');
        var items = Enumerable.Range(0, BatchSize).Select(i => new FanOutRecipient(FanOutNotificationId.ForBatchItem(batchId, i), $"u{i & 1023}", null, Priority.Normal,
            new NotificationRequest(Tenant, $"u{i & 1023}", "A batched notice", Channel: ChannelNames.Log))).ToArray();
        await grains.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(batchId, 0)).AcceptBatchAsync(items);
    }

    sent += singlesPerDay + (batchesPerDay * BatchSize);
    // The day's work finishes, then the clock moves on an hour at a time, firing what falls due as it passes.
    await UntilAsync(async () => (await grains.GetGrain<INotificationGrain>(ids[^1]).GetAsync(Tenant))?.Status == NotificationStatus.Delivered);
    for (var hour = 0; hour < 24; hour++)
    {
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(20);
    }

    // Whatever fell due is removed in rounds; the day ends once the store stops shrinking.
    var counts = await SettledCountsAsync(path);
    var bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
    Console.WriteLine($"| {day} | {sent:N0} | {counts.GetValueOrDefault("notification"):N0} ({DaysHeld(path)}) | {counts.GetValueOrDefault("fanoutpage"):N0} | " +
        $"{counts.GetValueOrDefault("retentionjournal")} (+{counts.GetValueOrDefault("retentionsegment")}) | {counts.Where(c => c.Key != "reminders").Sum(c => c.Value):N0} | " +
        $"{counts.GetValueOrDefault("reminders"):N0} | {bytes / 1048576.0:0.0} | {took.Elapsed.TotalSeconds:0.0} |");
}

await cluster.StopAllSilosAsync();
await cluster.DisposeAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(directory, recursive: true);

static async Task UntilAsync(Func<Task<bool>> condition)
{
    for (var i = 0; i < 600 && !await condition(); i++)
    {
        await Task.Delay(100);
    }
}

static async Task<Dictionary<string, long>> SettledCountsAsync(string path)
{
    var last = Count(path);
    for (var i = 0; i < 120; i++)
    {
        await Task.Delay(500);
        var now = Count(path);
        if (now.OrderBy(c => c.Key).SequenceEqual(last.OrderBy(c => c.Key)))
        {
            return now;
        }

        last = now;
    }

    return last;
}

// Which days' single sends are still stored (their ids are d<day>n<i>), with how many of each where not all.
static string DaysHeld(string path)
{
    using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT CAST(substr(grain_key, 2, instr(grain_key, 'n') - 2) AS INTEGER) AS day, count(*) FROM grain_state WHERE grain_type = 'notification' GROUP BY day ORDER BY day";
    using var reader = command.ExecuteReader();
    var days = new List<string>();
    while (reader.Read())
    {
        days.Add(reader.GetInt64(1) == 2_000 ? $"{reader.GetInt64(0)}" : $"{reader.GetInt64(0)}:{reader.GetInt64(1)}");
    }

    return days.Count == 0 ? "none" : string.Join(" ", days);
}

static Dictionary<string, long> Count(string path)
{
    using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT grain_type, count(*) FROM grain_state GROUP BY grain_type UNION ALL SELECT 'reminders', count(*) FROM reminders";
    using var reader = command.ExecuteReader();
    var counts = new Dictionary<string, long>();
    while (reader.Read())
    {
        counts[reader.GetString(0)] = reader.GetInt64(1);
    }

    return counts;
}

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
