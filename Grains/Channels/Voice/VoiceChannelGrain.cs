
namespace Notifications.Grains;

[GrainType("channel-voice")]
[StatelessWorker(4)]
[Reentrant]
public sealed class VoiceChannelGrain(ProviderChains chains, MessageContents contents) : Grain, IChannelGrain
{
    public const string Route = "voice";

    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Phone is not { } phone)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no phone number.");
        }

        var request = delivery.Request;
        var content = await contents.ForAsync(delivery, ChannelNames.Voice, GrainFactory);
        var text = content.Title is { Length: > 0 } title ? $"{title}. {content.Body}" : content.Body;
        var message = new VoiceMessage(delivery.NotificationId, phone, text, delivery.Language);
        return await chains.For<VoiceMessage>(Route).SendAsync(message, request.Mode != DeliveryMode.AtMostOnce, CancellationToken.None);
    }
}
