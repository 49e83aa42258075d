using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class TopicSpreadTests
{
    [Fact]
    public async Task A_topic_send_started_from_one_silo_delivers_its_pages_on_several_silos()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: TwilioChannelTests.Settings(("sms", twilio)), silos: 3);
        const int pages = 10;
        var topic = silo.Client.GetGrain<ITopicGrain>(TopicKey.For("t", "spread"));
        await topic.CreateAsync(new TopicDefinition("Spread", ServiceType: ChannelNames.Sms, Metadata: null, DateTimeOffset.UtcNow));
        for (var page = 0; page < pages; page++)
        {
            var userIds = Enumerable.Range(page * TopicGrain.SubscribersPerPage, TopicGrain.SubscribersPerPage).Select(i => $"s{i}").ToArray();
            await Task.WhenAll(userIds.Select((userId, i) => silo.User("t", userId).UpdateAsync(new UserUpdate(Phone: $"+4915{page:D2}{i:D6}"))));
            await topic.SubscribeAsync([.. userIds.Select(userId => new TopicSubscription(userId, Channel: null, Priority: null, DateTimeOffset.UtcNow))]);
        }

        var sendId = Guid.CreateVersion7().ToString("N");
        await topic.SendAsync(sendId, new NotificationRequest("t", "", "Spread out"), "h");
        var send = silo.Client.GetGrain<ITopicSendGrain>(sendId);
        await Eventually.TrueAsync(async () => (await send.GetAsync("t"))?.Status == FanOutStatus.Completed, "the send fanned out", TimeSpan.FromMinutes(2));

        var sentBySilo = silo.SiloServices.Select(services => services.GetRequiredService<ProviderHealth>().Snapshot().Sum(p => p.Succeeded)).ToArray();
        Assert.Equal(pages * TopicGrain.SubscribersPerPage, sentBySilo.Sum());
        Assert.Equal(pages * TopicGrain.SubscribersPerPage, twilio.Created.Count());
        // Ten pages on three silos: all on one would be a one-in-twenty-thousand draw of the placement.
        Assert.True(sentBySilo.Count(sent => sent > 0) >= 2, $"Sent by each silo: {string.Join(", ", sentBySilo)}");
    }
}
