namespace Notifications.Silo;

public sealed class LimitsOptions
{
    public const string SectionName = "Notifications:Limits";

    /// <summary>Larger request bodies are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Requests one tenant may have in progress on a silo at once, counted by their bodies (each at least 1 KiB, one larger
    /// than this takes all of it); more wait their turn before they are read. Sized for two cores: 64 single sends at
    /// once, or a few batches of 100. 0 turns it off.
    /// </summary>
    public long BodyBytesInProgressPerTenant { get; set; } = 64 * 1024;

    /// <summary>Request bodies of one tenant that may wait for its allowance; past it they are refused with 429.</summary>
    public long BodyBytesQueuedPerTenant { get; set; } = 4 * 1024 * 1024;

    /// <summary>Server-sent event streams (inboxes, statistics) open on one silo at once.</summary>
    public int MaxEventStreams { get; set; } = 10_000;

    /// <summary>Streams one silo holds open for one tenant's statistics, or for one user's inbox.</summary>
    public int MaxEventStreamsPerCaller { get; set; } = 100;

    /// <summary>A user import's whole body; past it the import stops with 413, saying how many users it took.</summary>
    public long MaxImportBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>One line of a user import; a longer one is skipped as it streams by and counted as failed.</summary>
    public int MaxImportLineBytes { get; set; } = 64 * 1024;
}
