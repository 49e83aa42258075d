namespace Notifications.Client;

/// <summary>A device or browser the user receives push notifications on.</summary>
/// <param name="Kind"><c>fcm</c>, <c>apns</c> or <c>webpush</c>.</param>
/// <param name="Token">The FCM registration token, the APNs device token (hex), or the web push subscription's endpoint.</param>
/// <param name="P256dh">Web push only: the subscription's <c>keys.p256dh</c>.</param>
/// <param name="Auth">Web push only: the subscription's <c>keys.auth</c>.</param>
/// <param name="Id">Your own name for the device (up to 128 characters, unique among the user's devices): a send's
/// <c>device_id</c> aims at it (its token does too).</param>
public sealed record DeviceInfo(string Kind, string Token, string? P256dh = null, string? Auth = null, string? Id = null);
