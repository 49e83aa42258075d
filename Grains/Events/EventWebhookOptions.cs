namespace Notifications.Grains;

/// <summary>How a tenant's events reach its event endpoints (<c>Notifications:EventWebhooks</c>).</summary>
public sealed class EventWebhookOptions
{
    public const string SectionName = "Notifications:EventWebhooks";

    /// <summary>
    /// A tenant's log is split into this many parts, each sent to an endpoint in order by a grain of its own: the
    /// events of one notification share a part, so an endpoint receives up to this many at once. Changing it moves
    /// where a notification's later events go: change it while no endpoint has events waiting.
    /// </summary>
    public int Parts { get; set; } = 4;

    /// <summary>
    /// After the first attempt, the waits before each next one: Standard Webhooks' schedule (Svix's: 5 s, 5 min,
    /// 30 min, 2 h, 5 h, 10 h, 10 h); an event is given up when it is spent.
    /// </summary>
    public string RetrySchedule { get; set; } = "00:00:05, 00:05:00, 00:30:00, 02:00:00, 05:00:00, 10:00:00, 10:00:00";

    /// <summary>An endpoint every event has failed at for this long is disabled until the tenant enables it again.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>
    /// Notifications whose events wait for a retry, per part: past this many, a part sends nothing new until one
    /// gets through, so an endpoint that is down holds its events in the log rather than in retries.
    /// </summary>
    public int MaxRetrying { get; set; } = 50;

    /// <summary>How long logged events are kept, to be sent again (a replay) or to an endpoint that was behind.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Events per sealed segment of the log: the open one is rewritten at every append.</summary>
    public int SegmentSize { get; set; } = 100;

    /// <summary>How long a silo trusts what it read of a tenant's endpoints; a change made through another silo takes this long to be seen.</summary>
    public TimeSpan EndpointsCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a part's delivery checks the log on its own, which is what resumes it after a crash.</summary>
    public TimeSpan ResumeCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Endpoints a tenant may have.</summary>
    public int MaxEndpoints { get; set; } = 20;

    public TimeSpan[] Schedule() => DeliveryOptions.TryParseSchedule(RetrySchedule, out var schedule) && schedule.Length > 0 ? schedule : [TimeSpan.FromSeconds(5)];
}
