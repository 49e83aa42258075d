using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Notifications.Silo;

public static class SiloServiceCollectionExtensions
{
    /// <summary>The Redis grain storage behind the encrypting default storage.</summary>
    internal const string RedisStorageName = "redis";

    /// <summary>The Azure Table grain storage behind the encrypting default storage.</summary>
    internal const string AzureStorageName = "azure";

    /// <summary>Wires the grain runtime, the grains and the front door's services from configuration.</summary>
    public static WebApplicationBuilder AddNotificationsSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var limits = configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);

        var storage = configuration.GetSection(StorageSettings.SectionName).Get<StorageSettings>() ?? new StorageSettings();
        services.AddSingleton(sp => LinkKeys.DerivedFrom(sp.GetRequiredService<MasterKey>().All));
        var cluster = configuration.GetSection(OrleansSettings.SectionName).Get<OrleansSettings>() ?? new OrleansSettings();
        builder.UseOrleans(silo =>
        {
            silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = cluster.ResponseTimeout);
            silo.Configure<GrainCollectionOptions>(options =>
            {
                options.CollectionAge = cluster.CollectionAge;
                // Below the one-minute age of fan-out pages and topic pages, which Orleans requires.
                options.CollectionQuantum = TimeSpan.FromSeconds(30);
            });
            // A pending notification's reminder repeats every Delivery:ResumeCheckInterval (a minute by default) until
            // the notification is finished and removes it: that period is how soon delivery resumes after a crash,
            // and the crash tests shorten it to two seconds, below Orleans' one-minute floor.
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            // Orleans' meters (which its dashboard reads every second) walk the whole directory cache to count it: at
            // its default million entries, after a fan-out to a million users, that walk took 3 % of the silo's CPU.
            // A fan-out looks each recipient up once, so a bigger cache buys nothing.
            silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = 100_000);
            // How soon a silo that died is declared dead, so that its grains and reminders move to the others.
            silo.Configure<ClusterMembershipOptions>(options => (options.ProbeTimeout, options.NumMissedProbesLimit) = (cluster.ProbeTimeout, cluster.MissedProbesLimit));
            // Where the embedded database is, whose folder earlier builds kept the state key in; a cluster backend has none.
            Func<IServiceProvider, string?> databasePath = _ => null;
            switch (storage.Provider.ToLowerInvariant())
            {
                case "sqlite":
                    silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                    silo.UseSqliteStorage(options => configuration.GetSection($"{StorageSettings.SectionName}:Sqlite").Bind(options));
                    databasePath = sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteStorageOptions>>().Value.Path;
                    services.AddHostedService<DirectoryBackfill>();
                    break;
                case "redis":
                    // Membership, grain state (encrypted) and reminders in Redis: silos on several machines form one cluster.
                    StateEncryptionKey.EnsureConfiguredFor("redis", configuration);
                    var redis = StackExchange.Redis.ConfigurationOptions.Parse(storage.Redis.ConnectionString
                        ?? throw new InvalidOperationException($"{StorageSettings.SectionName}:Redis:ConnectionString is required for the redis provider."));
                    silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
                    silo.ConfigureEndpoints(System.Net.IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                    silo.UseRedisClustering(options => options.ConfigurationOptions = redis.Clone());
                    silo.AddRedisGrainStorage(RedisStorageName, options => options.ConfigurationOptions = redis.Clone());
                    silo.UseEncryptedDefaultStorage(RedisStorageName);
                    silo.UseRedisReminderService(options => options.ConfigurationOptions = redis.Clone());
                    services.AddSingleton<IStorageHealth>(_ => new RedisStorageHealth(redis.Clone()));
                    services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RedisStateReencryption>(sp, redis.Clone()));
                    break;
                case "azure":
                    // Membership, grain state (encrypted) and reminders in Azure Tables; the streams in Azure Queues.
                    StateEncryptionKey.EnsureConfiguredFor("azure", configuration);
                    var connectionString = storage.Azure.ConnectionString
                        ?? throw new InvalidOperationException($"{StorageSettings.SectionName}:Azure:ConnectionString is required for the azure provider.");
                    silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
                    silo.ConfigureEndpoints(System.Net.IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                    var tables = new Azure.Data.Tables.TableServiceClient(connectionString);
                    silo.UseAzureStorageClustering(options => options.TableServiceClient = tables);
                    silo.AddAzureTableGrainStorage(AzureStorageName, options => options.TableServiceClient = tables);
                    silo.UseEncryptedDefaultStorage(AzureStorageName);
                    silo.UseAzureTableReminderService(options => options.TableServiceClient = tables);
                    services.AddSingleton<IStorageHealth>(_ => new AzureTableStorageHealth(tables));
                    services.AddHostedService(sp => ActivatorUtilities.CreateInstance<AzureStateReencryption>(sp, tables));
                    break;
                default:
                    throw new InvalidOperationException($"{StorageSettings.SectionName}:Provider must be 'sqlite', 'redis' or 'azure', not '{storage.Provider}'.");
            }

            services.AddSingleton(sp => new MasterKey(
                StateEncryptionKey.Resolve(configuration, databasePath(sp), StateEncryptionKey.DefaultFile, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StateEncryptionKey))),
                StateEncryptionKey.Previous(configuration)));
            silo.UseStateEncryption(sp => sp.GetRequiredService<MasterKey>().All);
            AddStreams(silo, configuration.GetSection(StreamSettings.SectionName).Get<StreamSettings>() ?? new StreamSettings(), storage);

            // The streams keep their explicit subscriptions here: the inbox's live followers, who subscribe again when
            // they reconnect (the statistics' subscriptions are implicit and need none).
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddActivityPropagation();
            if (cluster.Dashboard)
            {
                // The live log feed stays off: the dashboard shows grains and calls, not what the service logs. Its counters
                // are read every 5 s, not every second: one of them (the directory cache's size) walks every grain the
                // silo knows of, which under a large send was over 1 % of the silo's CPU at a read a second.
                silo.AddDashboard(options =>
                {
                    options.HideTrace = true;
                    options.CounterUpdateIntervalMs = 5_000;
                });
            }
            silo.AddNotificationGrains(configuration);
        });

        services.Configure<LimitsOptions>(configuration.GetSection(LimitsOptions.SectionName));
        services.Configure<InboxOptions>(configuration.GetSection(InboxOptions.SectionName));
        services.Configure<ApiKeyOptions>(configuration.GetSection("Notifications"));
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<TenantRequestAllowance>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton(sp => new NotificationIds(sp.GetRequiredService<MasterKey>().All, sp.GetRequiredService<IGrainFactory>(), sp, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AcceptCoalescer>();
        services.AddSingleton<TemplateCheck>();
        services.AddSingleton<EventStreamSlots>();
        services.AddSingleton<CategoryCatalog>();
        services.ConfigureHttpJsonOptions(options =>
        {
            NotificationsJson.Configure(options.SerializerOptions);
            // A key given twice is a mistake or a trick (one check reads the first, another the last): refused.
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<GrainExceptionHandler>();
        services.AddExceptionHandler<UserLimitExceptionHandler>();
        // Parameters that do not bind are thrown, so that the handler can name them rather than answer a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ParameterBindingExceptionHandler>();
        services.AddOpenApi(options => options.AddDocumentTransformer<NullableAnyValueSchemas>().AddSchemaTransformer<WallClockTimeSchemas>());
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<ProviderHealthCheck>("providers", tags: ["ready"]);
        return builder;
    }

    /// <summary>The stream provider that carries delivery events to the statistics and inbox changes to their followers.</summary>
    private static void AddStreams(ISiloBuilder silo, StreamSettings settings, StorageSettings storage)
    {
        var streams = settings.ResolvedFor(storage);
        switch (streams.Provider)
        {
            case "memory":
                silo.AddMemoryStreams(InboxStreams.Provider);
                break;
            case "azurequeue" when streams.ConnectionString is { Length: > 0 } connectionString:
                silo.AddAzureQueueStreams(InboxStreams.Provider, options => options.Configure(o => o.QueueServiceClient = new Azure.Storage.Queues.QueueServiceClient(connectionString)));
                break;
            case "azurequeue":
                throw new InvalidOperationException($"{StreamSettings.SectionName}:ConnectionString is required for the azurequeue stream provider.");
            case "eventhubs" when (streams.ConnectionString, streams.EventHub, streams.CheckpointConnectionString)
                is ({ Length: > 0 } connectionString, { Length: > 0 } eventHub, { Length: > 0 } checkpoints):
                silo.AddEventHubStreams(
                    InboxStreams.Provider,
                    options => options.ConfigureEventHubConnection(connectionString, eventHub, streams.ConsumerGroup),
                    options => options.TableServiceClient = new Azure.Data.Tables.TableServiceClient(checkpoints));
                break;
            case "eventhubs":
                throw new InvalidOperationException(
                    $"{StreamSettings.SectionName}:ConnectionString, :EventHub and :CheckpointConnectionString (the storage's on the azure provider) are required for the eventhubs stream provider.");
            default:
                throw new InvalidOperationException($"{StreamSettings.SectionName}:Provider must be 'memory', 'azurequeue' or 'eventhubs', not '{streams.Provider}'.");
        }
    }

    internal static JsonSerializerOptions Json(this HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.SerializerOptions;
}
