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

    /// <summary>
    /// How much of the file is read through memory mapping rather than a copy per page read (address space, not
    /// memory: the pages are the kernel's file cache, shared and given back under pressure). 0 reads every page with
    /// a system call. WAL mode resets a reader's page cache whenever the writer commits, so under load nearly every
    /// read went to the file: measured, a tenth of the silo's CPU copied pages out of the kernel.
    /// </summary>
    public long MemoryMapSize { get; set; } = MaxMemoryMapSize;

    /// <summary>The bundled SQLite's limit (its <c>SQLITE_MAX_MMAP_SIZE</c>); a larger size is cut to it.</summary>
    public const long MaxMemoryMapSize = 0x7fff0000;

    /// <summary>
    /// The writer's page cache, in KiB. Unlike a reader's it survives the writer's own commits, so the pages a group
    /// commit updates (the tables' interior pages, the latest leaves) stay in it rather than being read again.
    /// </summary>
    public int WriterCacheKiB { get; set; } = 65_536;
}
