using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class ProviderLimitTests
{
    [Fact]
    public async Task A_provider_never_has_more_requests_in_flight_than_its_concurrency_limit()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        twilio.Hold = () => Task.Delay(50);
        var settings = TwilioChannelTests.Settings(("sms", twilio));
        settings["Notifications:Providers:sms:0:MaxConcurrency"] = "3";
        // Three silos, each delivering some of the notifications: the cap is the cluster's, one slot each.
        await using var silo = await GrainsSilo.StartAsync(settings: settings, silos: 3);
        for (var i = 0; i < 30; i++)
        {
            await silo.User("t", $"c{i}").UpdateAsync(new UserUpdate(Phone: $"+491512000{i:D4}"));
        }

        for (var i = 0; i < 30; i++)
        {
            await silo.AcceptAsync($"c{i}", new NotificationRequest("t", $"c{i}", "Hi", Channel: ChannelNames.Sms));
        }

        for (var i = 0; i < 30; i++)
        {
            var sent = await silo.WaitForAsync($"c{i}", NotificationStatus.Sent);
            Assert.Equal(1, sent.Attempts);
        }

        // Waiting for a free slot is not a failure: every send went out on its first attempt, at most three at a time
        // (each silo's own cap of three would have let nine through).
        Assert.InRange(twilio.MaxInFlight, 2, 3);
        Assert.Equal(30, twilio.Created.Count());
    }

    [Fact]
    public async Task A_provider_is_sent_no_more_than_its_rate()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = TwilioChannelTests.Settings(("sms", twilio));
        settings["Notifications:Providers:sms:0:RatePerSecond"] = "3";
        // Three silos, each delivering some of the notifications: the rate is the cluster's, one a second each.
        await using var silo = await GrainsSilo.StartAsync(settings: settings, silos: 3);
        const int count = 30;
        for (var i = 0; i < count; i++)
        {
            await silo.User("t", $"r{i}").UpdateAsync(new UserUpdate(Phone: $"+491513000{i:D4}"));
        }

        for (var i = 0; i < count; i++)
        {
            await silo.AcceptAsync($"r{i}", new NotificationRequest("t", $"r{i}", "Hi", Channel: ChannelNames.Sms));
        }

        for (var i = 0; i < count; i++)
        {
            await silo.WaitForAsync($"r{i}", NotificationStatus.Sent);
        }

        // Counted where the provider sees them, over the whole run: at the cluster's three a second, the 27 sends past
        // the silos' first tokens take nine seconds; at each silo's own three (nine a second) they would take three. A
        // machine busy with other tests can hold requests back and let several arrive in one second (the busiest
        // second is no measure then), but it cannot make them arrive sooner than their tokens allow.
        var arrivals = twilio.Created.Select(c => c.At).Order().ToArray();
        var span = arrivals[^1] - arrivals[0];
        Assert.Equal(count, arrivals.Length);
        Assert.True(span >= TimeSpan.FromSeconds(6), $"30 sends at three a second took {span.TotalSeconds:0.0} s");
    }
}
