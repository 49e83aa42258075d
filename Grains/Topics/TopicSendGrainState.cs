namespace Notifications.Grains;

public sealed class TopicSendGrainState
{
    public string Tenant { get; set; } = "";

    public TopicSendStart? Start { get; set; }

    public FanOutStatus Status { get; set; }

    /// <summary>The next page to fan out: every page before it is done.</summary>
    public int NextPage { get; set; }

    public long Notifications { get; set; }

    public long Skipped { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
