
namespace Notifications.Grains;

/// <summary>Mobile push to every live device of the user: Android and others through FCM, iOS through APNs.</summary>
[GrainType("channel-push")]
[StatelessWorker(4)]
[Reentrant]
public sealed class PushChannelGrain(ProviderChains chains, MessageContents contents, TimeProvider time) : Grain, IChannelGrain
{
    public const string FcmRoute = "fcm";
    public const string ApnsRoute = "apns";

    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromDays(1);

    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        var devices = delivery.Recipient.DevicesFor(ChannelNames.Push).ToArray();
        if (devices.Length == 0)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no live mobile device.");
        }

        var request = delivery.Request;
        var expiresAt = request.ExpiresAt ?? time.GetUtcNow() + DefaultTimeToLive;
        var urgent = request.Priority is Priority.Critical or Priority.High;
        var mayRepeat = request.Mode != DeliveryMode.AtMostOnce;
        var content = await contents.ForAsync(delivery, ChannelNames.Push, GrainFactory);
        var sends = devices.Select(device => chains.For<PushMessage>(device.Kind == DeviceKinds.Apns ? ApnsRoute : FcmRoute).SendAsync(
            new PushMessage(delivery.NotificationId, device.Token, content.Title, content.Body, request.Category, request.Data, urgent, expiresAt, request.DedupeKey),
            mayRepeat,
            CancellationToken.None));
        return DeviceFanOut.Combine(await Task.WhenAll(sends));
    }
}
