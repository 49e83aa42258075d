namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.EventFanOutGrainState")]
public sealed class EventFanOutGrainState
{
    [Id(0)]
    public EventFanOutStart? Start { get; set; }

    [Id(1)]
    public int NextPage { get; set; }

    [Id(2)]
    public long RunsStarted { get; set; }

    [Id(3)]
    public DateTimeOffset AcceptedAt { get; set; }

    [Id(4)]
    public DateTimeOffset? CompletedAt { get; set; }
}
