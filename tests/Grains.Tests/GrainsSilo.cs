using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Storage;
using Notifications.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests;

/// <summary>
/// The notification grains on an in-process Orleans cluster of two silos, without the HTTP front door: a grain the
/// test calls, and every grain it calls in turn, may live on either silo, so each test also proves the grains work
/// when their callers are elsewhere.
/// </summary>
internal sealed class GrainsSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly SqliteGrainStorage? _store;

    private GrainsSilo(InProcessTestCluster cluster, SqliteGrainStorage? store)
    {
        _cluster = cluster;
        _store = store;
    }

    /// <summary>Reaches the grains as a client of the cluster.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>The first silo's services (each silo has its own lanes and providers).</summary>
    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    public IEnumerable<IServiceProvider> SiloServices => _cluster.Silos.Select(s => s.ServiceProvider);

    public static async Task<GrainsSilo> StartAsync(TimeProvider? time = null, string? sqlitePath = null, Dictionary<string, string?>? settings = null, short silos = 2)
    {
        var configuration = new ConfigurationBuilder()
            // Tests time retries with RetryBaseDelay; the webhook schedule, hours long, is tested on its own.
            .AddInMemoryCollection([new("Notifications:Delivery:RetrySchedules:webhook", "")])
            // The tests' receivers listen on loopback, over plain http.
            .AddInMemoryCollection([new("Notifications:Outbound:AllowLoopback", "true"), new("Notifications:Outbound:AllowHttp", "true")])
            .AddInMemoryCollection(settings ?? [])
            .Build();
        // One store for the whole cluster, as one file has one writer: the silos share it as they would a database.
        var store = sqlitePath is null
            ? null
            : new SqliteGrainStorage(Options.Create(new SqliteStorageOptions { Path = sqlitePath, Synchronous = "NORMAL" }), Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteGrainStorage>.Instance, TimeProvider.System);
        // The same key for every start over the same file, as a restarted silo has.
        var masterKey = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sqlitePath ?? "memory"));
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            if (time is not null)
            {
                host.Services.AddSingleton(time);
            }
        });
        builder.ConfigureSilo((_, silo) =>
        {
            // Manual time would otherwise expire calls in flight whenever a test jumps ahead.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromDays(7));
            silo.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                // A silo holds in memory only the reminders due within this window and reads the rest from the table every
                // few minutes of real time; a test that jumps days ahead needs them all held, to fire as the jump passes them.
                o.ReminderLoadingWindow = TimeSpan.FromDays(400);
            });
            silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(30));
            if (store is not null)
            {
                silo.Services.AddSingleton(store);
                silo.UseSqliteStorage(_ => { });
                silo.UseStateEncryption(_ => [masterKey]);
            }
            else
            {
                silo.AddMemoryGrainStorage("memory");
                silo.UseEncryptedDefaultStorage("memory");
                silo.UseStateEncryption(_ => [masterKey]);
                silo.UseInMemoryReminderService();
            }

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
        return new GrainsSilo(cluster, store);
    }

    /// <summary>What every silo knows of its providers: each keeps its own circuits and configuration errors.</summary>
    public IReadOnlyList<ProviderStatus> ProviderStatuses() =>
        [.. SiloServices.SelectMany(services => services.GetRequiredService<ProviderHealth>().Snapshot())];

    public INotificationGrain Notification(string id) => Client.GetGrain<INotificationGrain>(id);

    public IUserGrain User(string tenant, string userId) => Client.GetGrain<IUserGrain>(UserKey.For(tenant, userId));

    public async Task<NotificationSnapshot> AcceptAsync(string id, NotificationRequest request, string hash = "h1")
    {
        var result = await Notification(id).AcceptAsync(request, hash);
        Assert.Equal(AcceptOutcome.Accepted, result.Outcome);
        return result.Notification;
    }

    public async Task<NotificationSnapshot> WaitForAsync(string id, NotificationStatus status, string tenant = "t")
    {
        NotificationSnapshot? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = await Notification(id).GetAsync(tenant))?.Status == status, $"notification {id} to become {status}");
        }
        catch (Xunit.Sdk.XunitException) when (last is not null)
        {
            var history = string.Join(Environment.NewLine, last.History.Select(t => $"  {t.Status} {t.Channel} {t.Reason}"));
            throw new Xunit.Sdk.XunitException($"Notification {id} did not become {status}; its history:{Environment.NewLine}{history}");
        }

        return last!;
    }

    /// <summary>Moves fake time a second at a time until the notification reaches <paramref name="status"/>.</summary>
    public async Task AdvanceUntilAsync(JumpingTimeProvider time, string id, NotificationStatus status, TimeSpan? step = null, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps && (await Notification(id).GetAsync("t"))?.Status != status; i++)
        {
            time.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
