using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Grains;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Notifications.Client;

public static class NotificationsClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Joins the Notifications cluster as an Orleans client and registers <see cref="NotificationsClusterClient"/>. Reads
    /// the settings the silos read (<c>Notifications:Storage</c> for where membership is, <c>Notifications:Orleans</c>,
    /// <c>Notifications:Streams</c>), so a service given the silos' environment finds them; <paramref name="configure"/>
    /// sets the tenant it sends for and anything else.
    /// </summary>
    public static IServiceCollection AddNotificationsClusterClient(this IServiceCollection services, IConfiguration configuration, Action<NotificationsClusterOptions>? configure = null)
    {
        var cluster = configuration.GetSection(NotificationsClusterOptions.SectionName).Get<NotificationsClusterOptions>() ?? new NotificationsClusterOptions();
        configure?.Invoke(cluster);
        var storage = configuration.GetSection(StorageSettings.SectionName).Get<StorageSettings>() ?? new StorageSettings();
        var streams = (configuration.GetSection(StreamSettings.SectionName).Get<StreamSettings>() ?? new StreamSettings()).ResolvedFor(storage);
        services.AddSingleton(Options.Create(cluster));
        services.AddNotificationsSerialization();
        services.AddOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            switch (storage.Provider.ToLowerInvariant())
            {
                case "sqlite":
                    client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
                    break;
                case "redis":
                    var redis = StackExchange.Redis.ConfigurationOptions.Parse(storage.Redis.ConnectionString
                        ?? throw new InvalidOperationException($"{StorageSettings.SectionName}:Redis:ConnectionString is required for the redis provider."));
                    client.UseRedisClustering(options => options.ConfigurationOptions = redis);
                    break;
                case "azure":
                    var tables = new Azure.Data.Tables.TableServiceClient(storage.Azure.ConnectionString
                        ?? throw new InvalidOperationException($"{StorageSettings.SectionName}:Azure:ConnectionString is required for the azure provider."));
                    client.UseAzureStorageClustering(options => options.TableServiceClient = tables);
                    break;
                default:
                    throw new InvalidOperationException($"{StorageSettings.SectionName}:Provider must be 'sqlite', 'redis' or 'azure', not '{storage.Provider}'.");
            }

            switch (streams.Provider)
            {
                case "memory":
                    client.AddMemoryStreams(InboxStreams.Provider);
                    break;
                case "azurequeue" when streams.ConnectionString is { Length: > 0 } connectionString:
                    client.AddAzureQueueStreams(InboxStreams.Provider, options => options.Configure(o => o.QueueServiceClient = new Azure.Storage.Queues.QueueServiceClient(connectionString)));
                    break;
                case "azurequeue":
                    throw new InvalidOperationException($"{StreamSettings.SectionName}:ConnectionString is required for the azurequeue stream provider.");
                case "eventhubs" when (streams.ConnectionString, streams.EventHub) is ({ Length: > 0 } connectionString, { Length: > 0 } eventHub):
                    // A client only subscribes: the silos read the hub and keep the checkpoints.
                    client.AddEventHubStreams(InboxStreams.Provider, options => options.ConfigureEventHubConnection(connectionString, eventHub, streams.ConsumerGroup));
                    break;
                case "eventhubs":
                    throw new InvalidOperationException($"{StreamSettings.SectionName}:ConnectionString and :EventHub are required for the eventhubs stream provider.");
                default:
                    throw new InvalidOperationException($"{StreamSettings.SectionName}:Provider must be 'memory', 'azurequeue' or 'eventhubs', not '{streams.Provider}'.");
            }
        });
        services.AddSingleton<NotificationsClusterClient>();
        return services;
    }
}
