
namespace Notifications.Grains;

[GrainType("channel-sms")]
[StatelessWorker(4)]
[Reentrant]
public sealed class SmsChannelGrain(ProviderChains chains, MessageContents contents) : Grain, IChannelGrain
{
    public const string Route = "sms";

    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Phone is not { } phone)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no phone number.");
        }

        var request = delivery.Request;
        var content = await contents.ForAsync(delivery, ChannelNames.Sms, GrainFactory);
        var body = content.Title is { Length: > 0 } title ? $"{title}: {content.Body}" : content.Body;
        return await chains.For<SmsMessage>(Route).SendAsync(new SmsMessage(delivery.NotificationId, phone, body), request.Mode != DeliveryMode.AtMostOnce, CancellationToken.None);
    }
}
