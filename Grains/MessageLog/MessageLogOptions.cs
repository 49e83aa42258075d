namespace Notifications.Grains;

/// <summary>The message log (<c>Notifications:MessageLog</c>).</summary>
public sealed class MessageLogOptions
{
    public const string SectionName = "Notifications:MessageLog";

    /// <summary>Rows per page: a page is rewritten as its rows change, and a search reads pages whole.</summary>
    public int PageSize { get; set; } = 2_000;

    /// <summary>Pages one search reads at most before it answers with what it found and a cursor to go on from.</summary>
    public int MaxPagesPerSearch { get; set; } = 50;

    /// <summary>
    /// How long a page stays in memory after its activation or its last write when nothing changes on it: the rows of
    /// notifications waiting for their send time are read back at their next step rather than held while they wait.
    /// </summary>
    public TimeSpan PageIdleTime { get; set; } = TimeSpan.FromSeconds(15);
}
