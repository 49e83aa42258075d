namespace Notifications.Grains;

public sealed class DeliveryOptions
{
    public const string SectionName = "Notifications:Delivery";

    /// <summary>Attempts per notification before it is dead-lettered, unless <see cref="MaxAttemptsFor"/> says otherwise.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// Attempts by channel, by priority, or by both (<c>webhook</c>, <c>critical</c>, <c>webhook.critical</c>);
    /// the most specific entry wins.
    /// </summary>
    public Dictionary<string, int> MaxAttemptsOverrides { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Fixed retry delays by channel, comma-separated (<c>00:00:05, 00:05:00</c>), in place of the exponential
    /// backoff: the n-th retry waits the n-th delay (the last one repeats), give or take a tenth. A channel with a
    /// schedule makes one attempt more than its delays unless <see cref="MaxAttemptsOverrides"/> says otherwise. By
    /// default webhooks follow the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    /// An empty value turns a channel's schedule off.
    /// </summary>
    public Dictionary<string, string> RetrySchedules { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ChannelNames.Webhook] = "00:00:05, 00:05:00, 00:30:00, 02:00:00, 05:00:00, 10:00:00, 14:00:00, 20:00:00, 1.00:00:00",
    };

    /// <summary>
    /// A webhook endpoint every delivery has failed at for this long is disabled until it is set again, as Standard
    /// Webhooks senders do (Svix: five days).
    /// </summary>
    public TimeSpan WebhookDisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The first retry waits up to this long; each further one up to twice the previous, with full jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>No retry waits longer than this, whatever the attempt or the provider's Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a notification not yet finished is looked at again by its durable reminder: after a crash, this is
    /// the longest an in-flight notification waits to be resumed.
    /// </summary>
    public TimeSpan ResumeCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a webhook receiver has to answer.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delivery steps in progress at once in this silo; a quarter is kept for critical and high priority.</summary>
    public int MaxConcurrentSends { get; set; } = 512;

    /// <summary>
    /// Delivery steps one tenant may have in progress at once in this silo: the rest stay free for the others, however
    /// slow the first one's receivers are. 0 (the default) is seven eighths of <see cref="MaxConcurrentSends"/>.
    /// </summary>
    public int MaxConcurrentSendsPerTenant { get; set; }

    /// <summary>
    /// How much slower than the fastest recent median a step may get before the lanes run fewer low priority steps
    /// at once: lower keeps critical latency down during campaigns, higher drains campaigns faster.
    /// </summary>
    public double LowLatencyTolerance { get; set; } = 1.25;

    /// <summary>
    /// Notifications waiting in the lanes past which a low or normal priority send is held (up to
    /// <see cref="SoftBacklogMaxWait"/>) until delivery catches up: senders are slowed to the pace of delivery.
    /// </summary>
    public int SoftBacklog { get; set; } = 2_000;

    /// <summary>The longest a send is held by <see cref="SoftBacklog"/> before it is accepted anyway.</summary>
    public TimeSpan SoftBacklogMaxWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Notifications waiting in the lanes past which the front door refuses low and normal priority with 429 (high
    /// at twice this; critical is always taken).
    /// </summary>
    public int MaxBacklog { get; set; } = 250_000;

    /// <summary>
    /// Notifications of one tenant waiting in the lanes past which the front door refuses that tenant's low and normal
    /// priority with 429 (high at twice this), while others' are still taken. 0 (the default) is three quarters of
    /// <see cref="MaxBacklog"/>.
    /// </summary>
    public int MaxBacklogPerTenant { get; set; }

    /// <summary>
    /// Critical sends one tenant may make a second at this silo (a burst of twice that): critical skips every queue
    /// and is never refused for a backlog, so this is what keeps one tenant's flood of it from being everyone's
    /// problem. Past it a critical send waits its turn for up to 2 seconds, and is 429 with Retry-After if it has not
    /// come by then. 0 turns the allowance off.
    /// </summary>
    public int CriticalPerSecondPerTenant { get; set; } = 1_000;

    /// <summary>
    /// Past this many waiting, a newly accepted notification's activation is let go while it waits, so a deep
    /// backlog costs an id in memory rather than a whole activation.
    /// </summary>
    public int KeepActiveBacklog { get; set; } = 5_000;

    public int MaxAttemptsFor(string? channel, Priority priority)
    {
        var name = priority.ToString().ToLowerInvariant();
        if (channel is not null && MaxAttemptsOverrides.TryGetValue($"{channel}.{name}", out var both))
        {
            return both;
        }

        if (channel is not null && MaxAttemptsOverrides.TryGetValue(channel, out var byChannel))
        {
            return byChannel;
        }

        if (MaxAttemptsOverrides.TryGetValue(name, out var byPriority))
        {
            return byPriority;
        }

        return RetryScheduleFor(channel) is { Count: > 0 } schedule ? schedule.Count + 1 : MaxAttempts;
    }

    /// <summary>The channel's fixed retry delays, or null when it backs off exponentially.</summary>
    public IReadOnlyList<TimeSpan>? RetryScheduleFor(string? channel) =>
        channel is not null && RetrySchedules.TryGetValue(channel, out var text) && TryParseSchedule(text, out var schedule) && schedule.Length > 0
            ? schedule
            : null;

    public static bool TryParseSchedule(string? text, out TimeSpan[] schedule)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        schedule = new TimeSpan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TimeSpan.TryParse(parts[i], System.Globalization.CultureInfo.InvariantCulture, out schedule[i]) || schedule[i] <= TimeSpan.Zero)
            {
                return false;
            }
        }

        return true;
    }
}
