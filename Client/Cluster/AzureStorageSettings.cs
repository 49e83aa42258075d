namespace Notifications.Client;

/// <summary><c>Notifications:Storage:Azure</c>.</summary>
public sealed class AzureStorageSettings
{
    /// <summary>
    /// An Azure Storage connection string (tables hold membership, grain state and reminders; queues the streams, unless
    /// <c>Notifications:Streams</c> says otherwise). A secret: never logged.
    /// </summary>
    public string? ConnectionString { get; set; }
}
