namespace Notifications.Storage;

public sealed class SqliteStorageOptions
{
    /// <summary>The database file; its folder is created if missing.</summary>
    public string Path { get; set; } = System.IO.Path.Combine("data", "notifications.db");

    /// <summary>
    /// <c>FULL</c> survives power loss; <c>NORMAL</c> in WAL mode survives a process crash but may lose the last
    /// commits on power loss.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>The most writes one group commit takes.</summary>
    public int MaxBatchSize { get; set; } = 4096;
}
