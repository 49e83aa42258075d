namespace Notifications.Client;

public sealed class StorageSettings
{
    public const string SectionName = "Notifications:Storage";

    /// <summary><c>sqlite</c>, the embedded default (one silo, one file), <c>redis</c> or <c>azure</c> (a cluster).</summary>
    public string Provider { get; set; } = "sqlite";

    public RedisStorageSettings Redis { get; set; } = new();

    public AzureStorageSettings Azure { get; set; } = new();
}
