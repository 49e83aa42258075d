using Notifications.Runtime;

namespace Notifications.Grains;

[GrainType("channel-webhook")]
[StatelessWorker(4)]
[Reentrant]
public sealed class WebhookChannelGrain(WebhookSender sender, TimeProvider time) : Grain, IChannelGrain
{
    public Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Webhook is not { Disabled: false } endpoint)
        {
            return Task.FromResult(new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no active webhook endpoint."));
        }

        var request = delivery.Request;
        var payload = new WebhookPayload("notification.created", time.GetUtcNow(), new WebhookNotification(
            delivery.NotificationId,
            request.UserId,
            request.Title,
            request.Message,
            request.Priority.ToString().ToLowerInvariant(),
            request.Category,
            delivery.Language,
            request.Data,
            delivery.Attempt,
            delivery.AcceptedAt));
        return sender.SendAsync(endpoint, delivery.NotificationId, payload, CancellationToken.None);
    }
}
