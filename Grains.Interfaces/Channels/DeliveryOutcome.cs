namespace Notifications.Grains;

/// <summary>How a provider answered a send.</summary>
public enum DeliveryOutcome
{
    /// <summary>The recipient has it (a webhook receiver's 2xx, the log).</summary>
    Delivered,

    /// <summary>The provider took it; delivery is confirmed later, if at all.</summary>
    Sent,

    /// <summary>Worth trying again.</summary>
    Transient,

    /// <summary>Try again after the provider's delay.</summary>
    RateLimited,

    /// <summary>This recipient's address or device will never work.</summary>
    PermanentRecipient,

    /// <summary>Our side is misconfigured (credentials, sender): no retry helps.</summary>
    PermanentConfiguration,
}
