namespace Notifications.Client;

/// <summary><c>Notifications:Storage:Redis</c>.</summary>
public sealed class RedisStorageSettings
{
    /// <summary>
    /// A StackExchange.Redis configuration string, such as <c>redis.internal:6379,password=...,ssl=true</c>. A secret:
    /// never logged. Run Redis with <c>appendfsync always</c>, so that what it acknowledged is on disk.
    /// </summary>
    public string? ConnectionString { get; set; }
}
