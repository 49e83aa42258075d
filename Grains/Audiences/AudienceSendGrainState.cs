namespace Notifications.Grains;

public sealed class AudienceSendGrainState
{
    public string Tenant { get; set; } = "";

    public AudienceSendStart? Start { get; set; }

    public FanOutStatus Status { get; set; }

    /// <summary>The last user key of the last page done: the scan goes on after it.</summary>
    public string? LastKey { get; set; }

    /// <summary>Each page's last user key, the last page's null: which page a user fell in.</summary>
    public List<string?> PageEnds { get; set; } = [];

    /// <summary>The page being delivered, stored before it is, so that a crash delivers it again to the same users.</summary>
    public AudiencePage? Pending { get; set; }

    public long Scanned { get; set; }

    public long Notifications { get; set; }

    public long Skipped { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
