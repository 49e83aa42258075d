namespace Notifications.Grains.Tests;

public sealed class TopicSubscriptionRaceTests
{
    [Fact]
    public async Task A_subscription_racing_the_users_deletion_finishes_on_both_sides_and_leaves_no_subscriber_behind_a_deleted_user()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var topic = silo.Client.GetGrain<ITopicGrain>(TopicKey.For("t", "news"));
        await topic.CreateAsync(new TopicDefinition("News", ServiceType: null, Metadata: null, DateTimeOffset.UtcNow));
        for (var i = 0; i < 20; i++)
        {
            var userId = $"racer-{i}";
            var subscription = new TopicSubscription(userId, Channel: null, Priority: null, DateTimeOffset.UtcNow);
            await silo.User("t", userId).UpdateAsync(new UserUpdate(Language: "en"));
            await topic.SubscribeAsync([subscription]);

            // The topic waits on the user (to join it again) while the user, being deleted, lets go of its topics: when
            // each waited on the other, both waited for the response timeout (days in these tests).
            await Task.WhenAll(topic.SubscribeAsync([subscription with { Priority = Priority.High }]), silo.User("t", userId).DeleteAsync())
                .WaitAsync(TimeSpan.FromSeconds(15));
        }

        // Whichever came second decided: a user deleted last is in no page; one subscribed last exists again and is.
        var page = await topic.GetSubscribersAsync(0);
        foreach (var i in Enumerable.Range(0, 20))
        {
            var profile = await silo.User("t", $"racer-{i}").GetAsync();
            Assert.Equal(profile.Exists, page!.Subscribers.Any(s => s.UserId == $"racer-{i}"));
        }
    }
}
