using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class ProviderOutageTests
{
    [Fact]
    public async Task During_an_outage_the_circuit_opens_traffic_fails_over_and_every_notification_is_delivered()
    {
        await using var primary = await FakeTwilio.StartAsync();
        await using var secondary = await FakeTwilio.StartAsync();
        var settings = TwilioChannelTests.Settings(("sms", primary), ("sms", secondary));
        settings["Notifications:Providers:sms:0:Name"] = "primary";
        settings["Notifications:Providers:sms:1:Name"] = "secondary";
        settings["Notifications:Providers:sms:0:MaxConcurrency"] = "8";
        settings["Notifications:Providers:sms:0:CircuitBreaker:MinimumThroughput"] = "10";
        settings["Notifications:Providers:sms:0:CircuitBreaker:SamplingDuration"] = "00:00:05";
        settings["Notifications:Providers:sms:0:CircuitBreaker:BreakDuration"] = "00:00:00.500";
        await using var silo = await GrainsSilo.StartAsync(settings: settings);
        const int users = 50;
        for (var i = 0; i < users; i++)
        {
            await silo.User("t", $"u{i}").UpdateAsync(new UserUpdate(Phone: $"+491511000{i:D4}"));
        }

        primary.Unavailable = true;
        var health = silo.Services.GetRequiredService<ProviderHealth>();
        var sentDuringOutage = new List<string>();
        var circuitOpened = false;
        for (var i = 0; i < 300; i++)
        {
            var id = $"o{i}";
            sentDuringOutage.Add(id);
            await silo.AcceptAsync(id, new NotificationRequest("t", $"u{i % users}", $"Alert {i}", Channel: ChannelNames.Sms));
            circuitOpened |= health.Snapshot().Any(s => s is { Provider: "primary", CircuitOpen: true });
            await Task.Delay(5);
        }

        foreach (var id in sentDuringOutage)
        {
            await silo.WaitForAsync(id, NotificationStatus.Sent);
        }

        var attemptsDuringOutage = primary.Requests.Count;
        primary.Unavailable = false;
        // Once the break is over, a trial send finds the primary healthy and traffic returns to it.
        var afterwards = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var id = $"r{i}";
            afterwards.Add(id);
            await silo.AcceptAsync(id, new NotificationRequest("t", $"u{i % users}", $"Later {i}", Channel: ChannelNames.Sms));
            await Task.Delay(50);
        }

        var delivered = new List<NotificationSnapshot>();
        foreach (var id in sentDuringOutage.Concat(afterwards))
        {
            delivered.Add(await silo.WaitForAsync(id, NotificationStatus.Sent));
        }

        TestReport.Write("provider-outage", [
            $"Provider outage: 300 SMS sent while the primary answered 503, all delivered on the first attempt through the secondary;",
            $"  {attemptsDuringOutage} requests reached the failing primary; after it recovered, {delivered.Skip(300).Count(n => n.Provider == "primary")} of 40 went through it again.",
        ]);
        Assert.Empty(primary.Violations);
        Assert.Empty(secondary.Violations);
        Assert.True(circuitOpened, "the primary's circuit opened");
        // Every notification went out on its first attempt: the failing provider was passed over, not waited for.
        Assert.All(delivered, n => Assert.Equal(1, n.Attempts));
        Assert.Equal(340, primary.Created.Count() + secondary.Created.Count());
        Assert.All(delivered.Take(300), n => Assert.Equal("secondary", n.Provider));
        // Bounded: the sends that opened the circuit, those in flight then, and one trial per break.
        Assert.InRange(attemptsDuringOutage, 10, 60);
        Assert.Contains(delivered.Skip(300), n => n.Provider == "primary");
        Assert.Equal("primary", delivered[^1].Provider);
    }

    [Fact]
    public async Task A_circuit_opened_on_one_silo_holds_back_the_other_silos_sends_to_that_provider()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = TwilioChannelTests.Settings(("sms", twilio));
        settings["Notifications:Providers:sms:0:CircuitBreaker:MinimumThroughput"] = "10";
        settings["Notifications:Providers:sms:0:CircuitBreaker:BreakDuration"] = "00:05:00";
        await using var silo = await GrainsSilo.StartAsync(settings: settings, silos: 2);
        var chains = silo.SiloServices.Select(services => services.GetRequiredService<ProviderChains>().For<SmsMessage>("sms")).ToArray();
        twilio.Unavailable = true;

        for (var i = 0; i < 10; i++)
        {
            await chains[0].SendAsync(new SmsMessage($"n{i}", "+4915110000000", "Hi"), mayRepeat: true, CancellationToken.None);
        }

        var triedByTheFirst = twilio.Requests.Count;
        var onTheSecond = await chains[1].SendAsync(new SmsMessage("n-second", "+4915110000001", "Hi"), mayRepeat: true, CancellationToken.None);

        Assert.Equal(10, triedByTheFirst);
        // The second silo had sent nothing to the provider, so its own breaker knew nothing of the outage.
        Assert.Equal(triedByTheFirst, twilio.Requests.Count);
        Assert.Equal(DeliveryOutcome.Transient, onTheSecond.Outcome);
        Assert.Contains("circuit is open on another silo", onTheSecond.Reason);
        Assert.InRange(onTheSecond.RetryAfter!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }
}
