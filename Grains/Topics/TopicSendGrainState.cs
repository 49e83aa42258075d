namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TopicSendGrainState")]
public sealed class TopicSendGrainState
{
    [Id(0)]
    public string Tenant { get; set; } = "";

    [Id(1)]
    public TopicSendStart? Start { get; set; }

    [Id(2)]
    public FanOutStatus Status { get; set; }

    /// <summary>The next page to fan out: every page before it is done.</summary>
    [Id(3)]
    public int NextPage { get; set; }

    [Id(4)]
    public long Notifications { get; set; }

    [Id(5)]
    public long Skipped { get; set; }

    [Id(6)]
    public DateTimeOffset AcceptedAt { get; set; }

    [Id(7)]
    public DateTimeOffset? CompletedAt { get; set; }
}
