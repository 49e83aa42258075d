namespace Notifications.Grains;

public sealed class DeliveryOptions
{
    public const string SectionName = "Notifications:Delivery";

    /// <summary>Attempts per notification before it fails.</summary>
    public int MaxAttempts { get; set; } = 8;

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
}
