namespace Notifications.Grains;

/// <summary>What a sender is promised about how many times a notification reaches its recipient.</summary>
public enum DeliveryMode
{
    /// <summary>Sent until a provider acknowledges it; a crash or a lost answer can send it twice.</summary>
    AtLeastOnce,

    /// <summary>Never sent twice: an attempt whose outcome is unknown is not repeated, so some may be lost.</summary>
    AtMostOnce,

    /// <summary>
    /// Effective once: at least once, with the stable notification id in every payload and header so that receivers
    /// dedupe; an attempt a provider acknowledged is recorded before anything else and never repeated.
    /// </summary>
    ExactlyOnce,
}
