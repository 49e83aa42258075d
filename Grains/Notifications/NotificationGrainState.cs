namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.NotificationGrainState")]
public sealed class NotificationGrainState
{
    public const string Name = "notification";

    [Id(0)]
    public NotificationRequest? Request { get; set; }

    [Id(1)]
    public string? RequestHash { get; set; }

    /// <summary>The W3C trace context of the request that accepted the notification.</summary>
    [Id(2)]
    public string? TraceParent { get; set; }

    [Id(3)]
    public NotificationStatus Status { get; set; }

    [Id(4)]
    public DateTimeOffset AcceptedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When the next step is due while the notification waits: its send time, a retry, a rate limit.</summary>
    [Id(6)]
    public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(7)]
    public int Attempts { get; set; }

    /// <summary>Attempts made before the last replay from the dead letters; a replay starts a fresh count.</summary>
    [Id(8)]
    public int AttemptsBeforeReplay { get; set; }

    /// <summary>Passed dedupe and rate limits once; retries are not counted against them again.</summary>
    [Id(9)]
    public bool Admitted { get; set; }

    /// <summary>Channels that failed for good; the next channel asked for is tried instead.</summary>
    [Id(10)]
    public List<string> ExhaustedChannels { get; set; } = [];

    /// <summary>The provider that took the notification, and its id for it.</summary>
    [Id(11)]
    public string? Provider { get; set; }

    [Id(12)]
    public string? ProviderMessageId { get; set; }

    [Id(13)]
    public List<NotificationTransition> History { get; set; } = [];

    [Id(14)]
    public List<EngagementRecord> Engagements { get; set; } = [];

    /// <summary>The user was deleted: what the notification said is gone, and it no longer counts as theirs.</summary>
    [Id(15)]
    public bool Erased { get; set; }

    /// <summary>
    /// Steps of <see cref="History"/> already handed to the tenant's event log; null in a state stored before events
    /// existed, whose steps count as told.
    /// </summary>
    [Id(16)]
    public int? PublishedTransitions { get; set; }

    /// <summary>Engagements already handed to the tenant's event log (see <see cref="PublishedTransitions"/>).</summary>
    [Id(17)]
    public int? PublishedEngagements { get; set; }
}
