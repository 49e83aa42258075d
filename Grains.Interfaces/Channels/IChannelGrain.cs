namespace Notifications.Grains;

/// <summary>A stateless worker that delivers through one channel's providers.</summary>
[Alias("Notifications.Grains.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    [Alias("DeliverAsync")]
    Task<DeliveryResult> DeliverAsync(Delivery delivery);
}
