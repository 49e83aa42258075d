namespace Notifications.Client;

/// <summary>
/// A notification for many users: every subscriber of a topic, or an audience. Each recipient gets a notification of
/// their own, delivered and tracked like any other, with the user's preferences, locale and time zone; the fields
/// mean what they mean in <see cref="SendNotification"/>.
/// </summary>
public sealed record FanOutNotification(
    string? Message,
    string? Title = null,
    NotificationPriority? Priority = null,
    string? Category = null,
    string? Language = null,
    string? Channel = null,
    IReadOnlyDictionary<string, string>? Data = null,
    NotificationDeliveryMode? DeliveryMode = null,
    DateTimeOffset? SendAt = null,
    DateTime? SendAtLocal = null,
    DateTimeOffset? ExpiresAt = null,
    string? DedupeKey = null,
    int? DedupeWindowSeconds = null,
    IReadOnlyList<string>? Channels = null,
    string? Template = null,
    int? TemplateVersion = null);
