using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>Writes each delivery to the silo's log: the channel a new installation delivers through out of the box.</summary>
[GrainType("channel-log")]
[StatelessWorker(2)]
[Reentrant]
public sealed partial class LogChannelGrain(MessageContents contents, IOptions<LogChannelOptions> options, ILogger<LogChannelGrain> logger) : Grain, IChannelGrain
{
    public async Task<DeliveryResult> DeliverAsync(Delivery delivery)
    {
        var request = delivery.Request;
        var content = await contents.ForAsync(delivery, ChannelNames.Log, GrainFactory);
        if (options.Value.ShowMessages)
        {
            LogDelivery(logger, delivery.NotificationId, request.Tenant, request.UserId, request.Priority, delivery.Language ?? "-", ControlCharacters.Escaped(content.Title), ControlCharacters.Escaped(content.Body)!);
        }
        else
        {
            LogDeliveryWithoutMessage(logger, delivery.NotificationId, request.Tenant, request.UserId, request.Priority, delivery.Language ?? "-", content.Body.Length);
        }

        return DeliveryResult.Delivered();
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Notification {NotificationId} delivered to {Tenant}/{UserId} ({Priority}, {Language}): {Title} {Message}")]
    private static partial void LogDelivery(ILogger logger, string notificationId, string tenant, string userId, Priority priority, string language, string? title, string message);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Notification {NotificationId} delivered to {Tenant}/{UserId} ({Priority}, {Language}): a message of {Length} characters (Notifications:LogChannel:ShowMessages writes it here)")]
    private static partial void LogDeliveryWithoutMessage(ILogger logger, string notificationId, string tenant, string userId, Priority priority, string language, int length);
}
