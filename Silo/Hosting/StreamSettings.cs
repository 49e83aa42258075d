namespace Notifications.Silo;

/// <summary>Which Orleans stream provider carries delivery events to the statistics and inbox changes to their followers.</summary>
public sealed class StreamSettings
{
    public const string SectionName = "Notifications:Streams";

    /// <summary>
    /// <c>memory</c>, the embedded default: events live in the silo's memory. <c>azurequeue</c>: Azure Queue Storage,
    /// persistent, for a cluster.
    /// </summary>
    public string Provider { get; set; } = "memory";

    /// <summary>The Azure Storage connection string for <c>azurequeue</c>. A secret: never logged.</summary>
    public string? ConnectionString { get; set; }
}
