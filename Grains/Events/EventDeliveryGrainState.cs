namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.EventDeliveryGrainState")]
public sealed class EventDeliveryGrainState
{
    public const string Name = "event-delivery";

    [Id(0)]
    public bool Started { get; set; }

    /// <summary>The sequence number of the next event of the log to look at.</summary>
    [Id(1)]
    public long Cursor { get; set; }

    /// <summary>Notifications whose events wait for a retry, by when their next attempt is due.</summary>
    [Id(2)]
    public List<RetryingEvents> Retrying { get; set; } = [];

    [Id(3)]
    public long Delivered { get; set; }

    [Id(4)]
    public long GivenUp { get; set; }

    [Id(5)]
    public DateTimeOffset? LastDeliveredAt { get; set; }

    [Id(6)]
    public DateTimeOffset? FailingSince { get; set; }

    [Id(7)]
    public string? LastError { get; set; }

    /// <summary>Events removed from the log after its retention before they could be sent (the endpoint was behind for that long).</summary>
    [Id(8)]
    public long Expired { get; set; }
}
