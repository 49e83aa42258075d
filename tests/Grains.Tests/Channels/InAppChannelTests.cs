namespace Notifications.Grains.Tests;

public sealed class InAppChannelTests
{
    [Fact]
    public async Task A_repeated_attempt_shows_the_notification_once()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var request = new NotificationRequest("t", "kai", "Your report is ready", Channel: ChannelNames.InApp, Mode: DeliveryMode.ExactlyOnce);
        var channel = silo.Client.GetGrain<IChannelGrain>(ChannelGrainId.For(ChannelNames.InApp));

        // As after a crash between the inbox's write and the notification's: the engine sends again under the same id.
        var first = await channel.DeliverAsync(new Delivery("ia1", request, 1, null, Recipient.None, DateTimeOffset.UtcNow));
        var second = await channel.DeliverAsync(new Delivery("ia1", request, 2, null, Recipient.None, DateTimeOffset.UtcNow));
        var inbox = await silo.Client.GetGrain<IInboxGrain>(UserKey.For("t", "kai")).ListAsync(InboxFilter.All, 10, null);

        Assert.Equal((DeliveryOutcome.Delivered, DeliveryOutcome.Delivered), (first.Outcome, second.Outcome));
        Assert.Equal("ia1", Assert.Single(inbox.Items).NotificationId);
        Assert.Equal(1, inbox.UnreadCount);
    }
}
