namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.DigestGrainState")]
public sealed class DigestGrainState
{
    /// <summary>The run that sends the open digest; null when none is open.</summary>
    [Id(0)]
    public string? Leader { get; set; }

    [Id(1)]
    public DateTimeOffset SendAt { get; set; }

    /// <summary>The open digest's events, the first <see cref="DigestContents.MaxKept"/> to arrive.</summary>
    [Id(2)]
    public List<DigestEntry> Entries { get; set; } = [];

    [Id(3)]
    public int Count { get; set; }

    /// <summary>
    /// The runs whose events are in the open digest (the first <see cref="DigestGrain.MembersKept"/>), so that a run
    /// joining again after a crash is not counted twice.
    /// </summary>
    [Id(4)]
    public HashSet<string> Members { get; set; } = [];

    [Id(5)]
    public bool Critical { get; set; }

    /// <summary>The runs of recently closed digests and their leaders: a run that joins again after its digest went hears where it went.</summary>
    [Id(6)]
    public Dictionary<string, string> ClosedMembers { get; set; } = [];

    /// <summary>What closed digests handed their leaders, until each leader acknowledges it stored them.</summary>
    [Id(7)]
    public Dictionary<string, DigestContents> Closed { get; set; } = [];

    /// <summary>The leaders of recently closed digests, oldest first.</summary>
    [Id(8)]
    public List<string> ClosedOrder { get; set; } = [];

    /// <summary>The last hand-over (a cancelled leader and the run that took over), for a cancel told again after a crash.</summary>
    [Id(9)]
    public string? HandedOverBy { get; set; }

    [Id(10)]
    public string? HandedOverTo { get; set; }
}
