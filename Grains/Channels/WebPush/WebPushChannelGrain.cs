using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>Web push to every browser subscription of the user.</summary>
[GrainType("channel-webpush")]
[StatelessWorker(4)]
[Reentrant]
public sealed class WebPushChannelGrain(ProviderChains chains, MessageContents contents, TimeProvider time) : Grain, IChannelGrain
{
    public const string Route = "webpush";

    /// <summary>How long a push service keeps a message for an offline browser, unless the notification expires sooner.</summary>
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromDays(1);

    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        var subscriptions = delivery.Recipient.DevicesFor(ChannelNames.WebPush).ToArray();
        if (subscriptions.Length == 0)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no live web push subscription.");
        }

        var request = delivery.Request;
        var payload = Payload(delivery, await contents.ForAsync(delivery, ChannelNames.WebPush, GrainFactory));
        var ttl = request.ExpiresAt is { } expiresAt ? expiresAt - time.GetUtcNow() : DefaultTimeToLive;
        var urgency = request.Priority switch
        {
            Priority.Critical or Priority.High => "high",
            Priority.Low => "low",
            _ => "normal",
        };
        // A later notification with the same dedupe key replaces one the browser has not fetched yet.
        var topic = request.DedupeKey is { } key ? System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] : null;
        var chain = chains.For<WebPushMessage>(Route);
        var sends = subscriptions.Select(s => chain.SendAsync(
            new WebPushMessage(delivery.NotificationId, s, payload, ttl > TimeSpan.Zero ? ttl : TimeSpan.Zero, urgency, topic),
            request.Mode != DeliveryMode.AtMostOnce,
            CancellationToken.None));
        return DeviceFanOut.Combine(await Task.WhenAll(sends));
    }

    /// <summary>What the service worker's push event reads: the notification, cut to fit one encrypted record.</summary>
    private static byte[] Payload(Delivery delivery, MessageContent content)
    {
        var request = delivery.Request;
        var body = content.Body;
        while (true)
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["notification_id"] = delivery.NotificationId,
                ["title"] = content.Title,
                ["body"] = body,
                ["category"] = request.Category,
                ["data"] = request.Data,
            });
            if (payload.Length <= WebPushEncryption.MaxPlaintextBytes || body.Length == 0)
            {
                return payload;
            }

            body = body[..(body.Length * 3 / 4)];
        }
    }
}
