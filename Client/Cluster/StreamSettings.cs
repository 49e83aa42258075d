namespace Notifications.Client;

/// <summary>Which Orleans stream provider carries delivery events to the statistics and inbox changes to their followers.</summary>
public sealed class StreamSettings
{
    public const string SectionName = "Notifications:Streams";

    /// <summary>
    /// <c>memory</c>: events live in the silo's memory (the default, except on the <c>azure</c> storage provider).
    /// <c>azurequeue</c>: Azure Queue Storage, persistent, for a cluster (the default on <c>azure</c>).
    /// <c>eventhubs</c>: Azure Event Hubs, for a production cluster, with checkpoints in Azure Tables.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>The Azure Storage connection string for <c>azurequeue</c>; on <c>azure</c> storage, the storage's. A secret: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For <c>eventhubs</c>: the event hub's name (<see cref="ConnectionString"/> is its namespace's).</summary>
    public string? EventHub { get; set; }

    /// <summary>For <c>eventhubs</c>: the consumer group the silos read with.</summary>
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>For <c>eventhubs</c>: the Azure Storage account that keeps the readers' checkpoints; on <c>azure</c> storage, the storage's. A secret: never logged.</summary>
    public string? CheckpointConnectionString { get; set; }

    /// <summary>These settings with what they leave out filled in for <paramref name="storage"/>: Azure Queues on the Azure
    /// backend, memory elsewhere; the Azure backend's connection for queues and checkpoints.</summary>
    public StreamSettings ResolvedFor(StorageSettings storage)
    {
        var azure = storage.Provider.Equals("azure", StringComparison.OrdinalIgnoreCase) ? storage.Azure.ConnectionString : null;
        var provider = Provider ?? (azure is null ? "memory" : "azurequeue");
        return new StreamSettings
        {
            Provider = provider.ToLowerInvariant(),
            ConnectionString = ConnectionString ?? (provider.Equals("azurequeue", StringComparison.OrdinalIgnoreCase) ? azure : null),
            EventHub = EventHub,
            ConsumerGroup = ConsumerGroup,
            CheckpointConnectionString = CheckpointConnectionString ?? azure,
        };
    }
}
