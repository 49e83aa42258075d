using Notifications.Runtime;

namespace Notifications.Grains;

[GrainType("channel-sms")]
[StatelessWorker(4)]
[Reentrant]
public sealed class SmsChannelGrain(ProviderChains chains) : Grain, IChannelGrain
{
    public const string Route = "sms";

    public Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Phone is not { } phone)
        {
            return Task.FromResult(new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no phone number."));
        }

        var request = delivery.Request;
        var body = request.Title is { Length: > 0 } title ? $"{title}: {request.Message}" : request.Message;
        return chains.For<SmsMessage>(Route).SendAsync(new SmsMessage(delivery.NotificationId, phone, body), request.Mode != DeliveryMode.AtMostOnce, CancellationToken.None);
    }
}
