namespace Notifications.Grains;

/// <summary>A device or browser the user receives push notifications on.</summary>
/// <param name="Kind">One of <see cref="DeviceKinds"/>.</param>
/// <param name="Token">The FCM registration token, the APNs device token (hex), or the web push endpoint URL.</param>
/// <param name="P256dh">Web push only: the subscription's <c>keys.p256dh</c>, base64url.</param>
/// <param name="Auth">Web push only: the subscription's <c>keys.auth</c>, base64url.</param>
/// <param name="Id">The application's own name for the device, by which a send may aim at it (its token does too).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.Device")]
public sealed record Device(string Kind, string Token, string? P256dh = null, string? Auth = null, string? Id = null)
{
    /// <summary>Whether a send aimed at <paramref name="deviceId"/> means this device: its id or its token.</summary>
    public bool IsNamed(string deviceId) => Id == deviceId || Token == deviceId;
}
