namespace Notifications.Grains;

/// <summary>A device or browser the user receives push notifications on.</summary>
/// <param name="Kind">One of <see cref="DeviceKinds"/>.</param>
/// <param name="Token">The FCM registration token, the APNs device token (hex), or the web push endpoint URL.</param>
/// <param name="P256dh">Web push only: the subscription's <c>keys.p256dh</c>, base64url.</param>
/// <param name="Auth">Web push only: the subscription's <c>keys.auth</c>, base64url.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.Device")]
public sealed record Device(string Kind, string Token, string? P256dh = null, string? Auth = null);
