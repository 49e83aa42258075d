namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.FanOutPageGrainState")]
public sealed class FanOutPageGrainState
{
    public const string Name = "fan-out-page";

    /// <summary>What every recipient got; each entry says what differed for them. Null for a batch.</summary>
    [Id(0)]
    public NotificationRequest? Request { get; set; }

    [Id(1)]
    public string? RequestHash { get; set; }

    [Id(2)]
    public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>Stored before the first recipient is called: a page found started but not done was cut off by a crash.</summary>
    [Id(3)]
    public bool Started { get; set; }

    [Id(4)]
    public bool Completed { get; set; }

    [Id(5)]
    public long Notifications { get; set; }

    [Id(6)]
    public long Skipped { get; set; }

    /// <summary>The recipients the page finished itself; those handed to a notification grain have their own record.</summary>
    [Id(7)]
    public List<FanOutPageEntry> Entries { get; set; } = [];

    /// <summary>A batch's notifications, stored at its accept, until the page has finished with them.</summary>
    [Id(8)]
    public List<FanOutRecipient> Batch { get; set; } = [];

    /// <summary>Whose batch it is (a batch has no request of its own to say so).</summary>
    [Id(9)]
    public string? Tenant { get; set; }

    /// <summary>
    /// The recipients' events are still to be told to the tenant's event log (set with the page's completion when the
    /// tenant has event endpoints): until they are, no recipient is handed to a notification grain, whose later events
    /// would overtake the page's.
    /// </summary>
    [Id(10)]
    public bool Untold { get; set; }

    /// <summary>
    /// A batch that waits for its send time, all its notifications together: stored unstarted, with its reminder due
    /// then, and not activated meanwhile.
    /// </summary>
    [Id(11)]
    public DateTimeOffset? SendAt { get; set; }

    /// <summary>A waiting batch's accepted and scheduled steps were told at its accept: its events are told from the step after.</summary>
    [Id(12)]
    public bool ScheduledTold { get; set; }
}
