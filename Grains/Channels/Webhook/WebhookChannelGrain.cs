
namespace Notifications.Grains;

[GrainType("channel-webhook")]
[StatelessWorker(4)]
[Reentrant]
public sealed class WebhookChannelGrain(WebhookSender sender, MessageContents contents, TimeProvider time) : Grain, IChannelGrain
{
    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Webhook is not { Disabled: false } endpoint)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no active webhook endpoint.");
        }

        var request = delivery.Request;
        var content = await contents.ForAsync(delivery, ChannelNames.Webhook, GrainFactory);
        var payload = new WebhookPayload("notification.created", time.GetUtcNow(), new WebhookNotification(
            delivery.NotificationId,
            request.UserId,
            content.Title,
            content.Body,
            request.Priority.ToString().ToLowerInvariant(),
            request.Category,
            delivery.Language,
            request.Data,
            delivery.Attempt,
            delivery.AcceptedAt));
        var result = await sender.SendAsync(endpoint, delivery.NotificationId, payload, CancellationToken.None);
        await WebhookStreaks.ReportAsync(GrainFactory, request, endpoint, result);
        return result;
    }
}
