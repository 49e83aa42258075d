namespace Notifications.Grains;

public enum RateLimitAction
{
    /// <summary>The notification waits until the bucket has a token again.</summary>
    Defer,

    /// <summary>The notification is suppressed, with the limit as the reason.</summary>
    Suppress,
}
