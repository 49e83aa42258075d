namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.AudienceSendGrainState")]
public sealed class AudienceSendGrainState
{
    [Id(0)]
    public string Tenant { get; set; } = "";

    [Id(1)]
    public AudienceSendStart? Start { get; set; }

    [Id(2)]
    public FanOutStatus Status { get; set; }

    /// <summary>The last user key of the last page done: the scan goes on after it.</summary>
    [Id(3)]
    public string? LastKey { get; set; }

    /// <summary>Each page's last user key, the last page's null: which page a user fell in.</summary>
    [Id(4)]
    public List<string?> PageEnds { get; set; } = [];

    /// <summary>The page being delivered, stored before it is, so that a crash delivers it again to the same users.</summary>
    [Id(5)]
    public AudiencePage? Pending { get; set; }

    [Id(6)]
    public long Scanned { get; set; }

    [Id(7)]
    public long Notifications { get; set; }

    [Id(8)]
    public long Skipped { get; set; }

    [Id(9)]
    public DateTimeOffset AcceptedAt { get; set; }

    [Id(10)]
    public DateTimeOffset? CompletedAt { get; set; }
}
