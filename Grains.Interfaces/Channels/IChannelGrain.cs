using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>A stateless worker that delivers through one channel's providers.</summary>
public interface IChannelGrain : IGrainWithStringKey
{
    Task<DeliveryResult> DeliverAsync(Delivery delivery);
}
