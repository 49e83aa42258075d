namespace Notifications.Client;

/// <summary>A notification to send to one user.</summary>
/// <param name="Channel">Sends through this channel only; by default the user's preferences decide.</param>
/// <param name="Channels">Channels in order of preference: each later one is tried when those before have no live
/// address for the user or fail for good (e.g. <c>["push", "sms"]</c>). Not with <paramref name="Channel"/>.</param>
/// <param name="IdempotencyKey">In a batch, the item's own key; a single send takes the Idempotency-Key header.</param>
/// <param name="DeliveryMode">at_least_once by default.</param>
/// <param name="SendAt">Not before this instant (with its offset, e.g. <c>2026-12-24T18:00:00+01:00</c>).</param>
/// <param name="SendAtLocal">Not before this wall-clock time in the user's time zone, without offset (<c>2026-12-24T09:00:00</c>).</param>
/// <param name="ExpiresAt">Never sent after this instant; the notification becomes expired instead.</param>
/// <param name="Template">A template's id: each channel shows it rendered in the user's locale, with the user's attributes
/// and <paramref name="Data"/>; <paramref name="Message"/> may then be empty. The latest version unless
/// <paramref name="TemplateVersion"/> says which; either way the version is fixed when the send is accepted.</param>
/// <param name="DedupeKey">Another notification to the user with the same key within the window is suppressed as a duplicate.</param>
/// <param name="DedupeWindowSeconds">How long the key holds; 600 by default.</param>
/// <param name="DeviceId">Push to this one of the user's devices (its <c>id</c>, or its token) through its channel (FCM,
/// APNs or web push); when the user has no such device, the user's endpoints and preferences decide as usual.</param>
public sealed record SendNotification(
    string UserId,
    string? Message,
    string? Title = null,
    NotificationPriority? Priority = null,
    string? Category = null,
    string? Language = null,
    string? Channel = null,
    IReadOnlyDictionary<string, string>? Data = null,
    string? IdempotencyKey = null,
    NotificationDeliveryMode? DeliveryMode = null,
    DateTimeOffset? SendAt = null,
    DateTime? SendAtLocal = null,
    DateTimeOffset? ExpiresAt = null,
    string? DedupeKey = null,
    int? DedupeWindowSeconds = null,
    IReadOnlyList<string>? Channels = null,
    string? Template = null,
    int? TemplateVersion = null,
    string? DeviceId = null);
