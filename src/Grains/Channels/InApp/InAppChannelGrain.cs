using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// Delivers into the user's durable inbox: connected clients see it at once over server-sent events, the others
/// when they next open the inbox. Keyed by notification id, so a repeated attempt never shows it twice.
/// </summary>
[GrainType("channel-inapp")]
[StatelessWorker(4)]
[Reentrant]
public sealed class InAppChannelGrain(TimeProvider time) : Grain, IChannelGrain
{
    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        var request = delivery.Request;
        var item = new InboxItem(delivery.NotificationId, request.Title, request.Message, request.Category, request.Priority, request.Data, time.GetUtcNow());
        await GrainFactory.GetGrain<IInboxGrain>(UserKey.For(request.Tenant, request.UserId)).AddAsync(item);
        return DeliveryResult.Delivered();
    }
}
