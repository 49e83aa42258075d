using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class ApnsChannelTests
{
    private const string Iphone = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private const string OldIpad = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    [Fact]
    public async Task An_iPhone_gets_the_alert_over_HTTP2_and_an_unregistered_device_is_dropped()
    {
        await using var apns = await FakeApns.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(apns));
        apns.Unregistered[OldIpad] = true;
        await silo.User("t", "ida").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Apns, Iphone), new Device(DeviceKinds.Apns, OldIpad)]));

        await silo.AcceptAsync("a1", new NotificationRequest("t", "ida", "Card payment of 1,200 EUR declined", Title: "Fraud alert", Priority: Priority.Critical,
            Category: "security", Channel: ChannelNames.Push, DedupeKey: "fraud-7"));
        var sent = await silo.WaitForAsync("a1", NotificationStatus.Sent);
        var user = await silo.User("t", "ida").GetAsync();

        Assert.Empty(apns.Violations);
        var received = apns.Received.Single(r => r.DeviceToken == Iphone);
        Assert.Equal("Fraud alert", received.Payload!["aps"]!["alert"]!["title"]!.GetValue<string>());
        Assert.Equal("Card payment of 1,200 EUR declined", received.Payload["aps"]!["alert"]!["body"]!.GetValue<string>());
        Assert.Equal("default", received.Payload["aps"]!["sound"]!.GetValue<string>());
        Assert.Equal("security", received.Payload["aps"]!["thread-id"]!.GetValue<string>());
        Assert.Equal("a1", received.Payload["notification_id"]!.GetValue<string>());
        Assert.Equal("10", received.Priority);
        Assert.NotEmpty(received.CollapseId);
        Assert.Equal(received.ApnsId, sent.ProviderMessageId);
        Assert.Contains(user.Unreachable!, u => u is { Channel: "push", Address: OldIpad } && u.Reason.Contains("Unregistered"));
    }

    [Fact]
    public async Task The_provider_token_is_kept_for_its_lifetime_renewed_after_and_at_once_when_Apple_calls_it_expired()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var apns = await FakeApns.StartAsync(time.GetUtcNow);
        // One silo: each silo signs its own provider token (as each server of a service does), and the count is per token.
        await using var silo = await GrainsSilo.StartAsync(time, settings: Settings(apns), silos: 1);
        await silo.User("t", "jon").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Apns, Iphone)]));

        await silo.AcceptAsync("t1", new NotificationRequest("t", "jon", "One", Channel: ChannelNames.Push));
        await silo.WaitForAsync("t1", NotificationStatus.Sent);
        time.Advance(TimeSpan.FromMinutes(30));
        await silo.AcceptAsync("t2", new NotificationRequest("t", "jon", "Two", Channel: ChannelNames.Push));
        await silo.WaitForAsync("t2", NotificationStatus.Sent);
        var tokensWithinLifetime = apns.Tokens.Count;
        time.Advance(TimeSpan.FromMinutes(25));
        await silo.AcceptAsync("t3", new NotificationRequest("t", "jon", "Three", Channel: ChannelNames.Push));
        await silo.WaitForAsync("t3", NotificationStatus.Sent);
        var tokensAfterLifetime = apns.Tokens.Count;
        apns.ExpireNextToken = true;
        await silo.AcceptAsync("t4", new NotificationRequest("t", "jon", "Four", Channel: ChannelNames.Push));
        var renewed = await silo.WaitForAsync("t4", NotificationStatus.Sent);

        Assert.Empty(apns.Violations);
        Assert.Equal(1, tokensWithinLifetime);
        Assert.Equal(2, tokensAfterLifetime);
        Assert.Equal(3, apns.Tokens.Count);
        Assert.Equal(1, renewed.Attempts);
    }

    [Fact]
    public async Task An_outage_at_Apple_is_retried()
    {
        await using var apns = await FakeApns.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings(apns)) { ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050" });
        await silo.User("t", "kit").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Apns, Iphone)]));
        apns.Unavailable = true;

        await silo.AcceptAsync("o1", new NotificationRequest("t", "kit", "Hello", Channel: ChannelNames.Push));
        await Eventually.TrueAsync(() => Task.FromResult(apns.Received.Count >= 2), "two attempts during the outage");
        apns.Unavailable = false;
        var sent = await silo.WaitForAsync("o1", NotificationStatus.Sent);

        Assert.Contains(sent.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("503 ServiceUnavailable"));
        Assert.Empty(apns.Violations);
    }

    [Fact]
    public async Task Throttling_a_bad_token_and_a_wrong_topic_are_each_handled_as_Apple_means_them()
    {
        await using var apns = await FakeApns.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings(apns)) { ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050" });
        await using var wrongApp = await GrainsSilo.StartAsync(settings: new(Settings(apns)) { ["Notifications:Providers:apns:0:BundleId"] = "com.example.other" });
        await silo.User("t", "liv").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Apns, Iphone)]));
        await silo.User("t", "mo").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Apns, "not-a-device-token")]));
        await wrongApp.User("t", "liv").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Apns, Iphone)]));
        apns.FailNext.Enqueue(429);
        apns.FailNext.Enqueue(500);

        await silo.AcceptAsync("x1", new NotificationRequest("t", "liv", "Hi", Channel: ChannelNames.Push));
        await silo.AcceptAsync("x2", new NotificationRequest("t", "mo", "Hi", Channel: ChannelNames.Push));
        await wrongApp.AcceptAsync("x3", new NotificationRequest("t", "liv", "Hi", Channel: ChannelNames.Push));
        var retried = await silo.WaitForAsync("x1", NotificationStatus.Sent);
        var badToken = await silo.WaitForAsync("x2", NotificationStatus.Failed);
        var wrongTopic = await wrongApp.WaitForAsync("x3", NotificationStatus.DeadLettered);

        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("429 TooManyRequests"));
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("500 InternalServerError"));
        Assert.Contains("BadDeviceToken", badToken.History[^1].Reason);
        Assert.Contains((await silo.User("t", "mo").GetAsync()).Unreachable!, u => u.Address == "not-a-device-token");
        Assert.Contains("BadTopic", wrongTopic.History[^1].Reason);
    }

    [Fact]
    public async Task When_push_fails_for_good_the_notification_falls_back_to_sms()
    {
        await using var apns = await FakeApns.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = new Dictionary<string, string?>(Settings(apns));
        foreach (var (key, value) in TwilioChannelTests.Settings(("sms", twilio)))
        {
            settings[key] = value;
        }

        await using var silo = await GrainsSilo.StartAsync(settings: settings);
        apns.Unregistered[OldIpad] = true;
        await silo.User("t", "ned").UpdateAsync(new UserUpdate(Phone: "+4915155550000", Devices: [new Device(DeviceKinds.Apns, OldIpad)]));

        await silo.AcceptAsync("fb1", new NotificationRequest("t", "ned", "Your code is 9911", Priority: Priority.Critical, Channels: [ChannelNames.Push, ChannelNames.Sms]));
        var sent = await silo.WaitForAsync("fb1", NotificationStatus.Sent);
        // The device is known dead now: the next one goes straight to SMS.
        await silo.AcceptAsync("fb2", new NotificationRequest("t", "ned", "Your code is 1234", Priority: Priority.Critical, Channels: [ChannelNames.Push, ChannelNames.Sms]));
        var direct = await silo.WaitForAsync("fb2", NotificationStatus.Sent);

        Assert.Equal(ChannelNames.Sms, sent.History[^1].Channel);
        Assert.Contains(sent.History, t => t.Channel == ChannelNames.Push && t.Reason?.Contains("Unregistered") == true && t.Reason.Contains("Falling back to sms"));
        Assert.Single(apns.Received);
        Assert.Equal(2, twilio.Created.Count());
        Assert.Equal(1, direct.Attempts);
    }

    internal static Dictionary<string, string?> Settings(FakeApns apns) => new()
    {
        ["Notifications:Providers:apns:0:Type"] = "apns",
        ["Notifications:Providers:apns:0:BaseUrl"] = apns.BaseUrl,
        ["Notifications:Providers:apns:0:TeamId"] = FakeApns.TeamId,
        ["Notifications:Providers:apns:0:KeyId"] = FakeApns.KeyId,
        ["Notifications:Providers:apns:0:BundleId"] = FakeApns.BundleId,
        ["Notifications:Providers:apns:0:PrivateKey"] = apns.PrivateKeyPem,
    };
}
