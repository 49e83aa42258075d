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

    /// <summary>Kept from sends made while the scan walked user keys in order (it now walks the tenant's directory).</summary>
    [Id(3)]
    public string? LastKey { get; set; }

    /// <summary>In a send made while the scan walked user keys in order, each page's last key: which page a user fell in.</summary>
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

    /// <summary>The next page of the tenant's directory to scan.</summary>
    [Id(11)]
    public int NextPage { get; set; }
}
