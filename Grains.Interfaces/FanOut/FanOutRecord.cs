namespace Notifications.Grains;

/// <summary>What became of one recipient a fan-out page delivered itself, with the history a notification keeps.</summary>
/// <param name="Pending">The page has yet to finish with them: the record says only that they were accepted, and changes.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutRecord")]
public sealed record FanOutRecord(
    string NotificationId,
    NotificationRequest Request,
    string RequestHash,
    NotificationStatus Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DeliveredAt,
    int Attempts,
    string? Provider,
    string? ProviderMessageId,
    IReadOnlyList<NotificationTransition> History,
    bool Pending = false);
