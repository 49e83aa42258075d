
namespace Notifications.Grains;

/// <summary>One attempt on a channel, as a notification grain and a fan-out page both make it.</summary>
internal static class ChannelAttempt
{
    public static async Task<DeliveryResult> RunAsync(IGrainFactory grains, MessageContents contents, Delivery delivery, string channel)
    {
        try
        {
            // Never a broken message: what the template needs and the user lacks fails this channel, naming it.
            if (await contents.MissingAsync(delivery, channel, grains) is { } missing)
            {
                return new DeliveryResult(DeliveryOutcome.PermanentRecipient, missing);
            }

            return await grains.Get<IChannelGrain>(ChannelGrainId.For(channel)).DeliverAsync(delivery);
        }
        catch (TemplateRenderLimitException tooCostly)
        {
            // The same data renders the same way on every attempt.
            return new DeliveryResult(DeliveryOutcome.PermanentRecipient, tooCostly.Message);
        }
        catch (Exception exception)
        {
            return new DeliveryResult(DeliveryOutcome.Transient, $"The {channel} channel failed: {exception.Message}", MayHaveBeenDelivered: true);
        }
    }
}
