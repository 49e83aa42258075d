using Notifications.Runtime;

namespace Notifications.Grains;

[GrainType("channel-voice")]
[StatelessWorker(4)]
[Reentrant]
public sealed class VoiceChannelGrain(ProviderChains chains) : Grain, IChannelGrain
{
    public const string Route = "voice";

    public Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        if (delivery.Recipient.Phone is not { } phone)
        {
            return Task.FromResult(new DeliveryResult(DeliveryOutcome.PermanentRecipient, "The user has no phone number."));
        }

        var request = delivery.Request;
        var text = request.Title is { Length: > 0 } title ? $"{title}. {request.Message}" : request.Message;
        var message = new VoiceMessage(delivery.NotificationId, phone, text, delivery.Language);
        return chains.For<VoiceMessage>(Route).SendAsync(message, request.Mode != DeliveryMode.AtMostOnce, CancellationToken.None);
    }
}
