
namespace Notifications.Grains;

/// <summary>
/// Delivers into the user's durable inbox: connected clients see it at once over server-sent events, the others
/// when they next open the inbox. Keyed by notification id, so a repeated attempt never shows it twice.
/// </summary>
[GrainType("channel-inapp")]
[StatelessWorker(4)]
[Reentrant]
public sealed class InAppChannelGrain(MessageContents contents, TimeProvider time) : Grain, IChannelGrain
{
    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        var request = delivery.Request;
        var content = await contents.ForAsync(delivery, ChannelNames.InApp, GrainFactory);
        var item = new InboxItem(delivery.NotificationId, content.Title, content.Body, request.Category, request.Priority, request.Data, time.GetUtcNow());
        await GrainFactory.GetGrain<IInboxGrain>(UserKey.For(request.Tenant, request.UserId)).AddAsync(item);
        return DeliveryResult.Delivered();
    }
}
