using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class WebPushChannelTests
{
    [Fact]
    public async Task Each_browser_gets_the_notification_encrypted_and_signed_and_an_expired_subscription_is_dropped()
    {
        await using var push = await FakePushService.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings());
        var laptop = push.Subscribe();
        var phone = push.Subscribe();
        push.Expired[SubscriptionId(phone)] = true;
        await silo.User("t", "wes").UpdateAsync(new UserUpdate(Devices: [laptop, phone]));

        await silo.AcceptAsync("w1", new NotificationRequest("t", "wes", "Your build passed", Title: "CI", Priority: Priority.High, Channel: ChannelNames.WebPush,
            Data: new Dictionary<string, string> { ["url"] = "/builds/42" }, DedupeKey: "build-42"));
        var sent = await silo.WaitForAsync("w1", NotificationStatus.Sent);
        var user = await silo.User("t", "wes").GetAsync();
        await silo.AcceptAsync("w2", new NotificationRequest("t", "wes", "Again", Channel: ChannelNames.WebPush));
        await silo.WaitForAsync("w2", NotificationStatus.Sent);

        Assert.Empty(push.Violations);
        var delivered = push.Received.First(r => r.SubscriptionId == SubscriptionId(laptop));
        using var payload = JsonDocument.Parse(delivered.Plaintext!);
        Assert.Equal("w1", payload.RootElement.GetProperty("notification_id").GetString());
        Assert.Equal("CI", payload.RootElement.GetProperty("title").GetString());
        Assert.Equal("Your build passed", payload.RootElement.GetProperty("body").GetString());
        Assert.Equal("/builds/42", payload.RootElement.GetProperty("data").GetProperty("url").GetString());
        Assert.Equal("high", delivered.Urgency);
        Assert.Equal(32, delivered.Topic.Length);
        Assert.Equal(86400, delivered.TimeToLive);
        Assert.StartsWith($"{push.Origin}/messages/", sent.ProviderMessageId);
        Assert.Contains(user.Unreachable!, u => u is { Channel: "webpush" } && u.Address == phone.Token);
        // The expired subscription is not tried again.
        Assert.Equal(1, push.Received.Count(r => r.SubscriptionId == SubscriptionId(phone)));
    }

    [Fact]
    public async Task A_user_whose_only_subscription_expired_falls_back_to_the_inbox()
    {
        await using var push = await FakePushService.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings());
        var browser = push.Subscribe();
        push.Expired[SubscriptionId(browser)] = true;
        await silo.User("t", "xia").UpdateAsync(new UserUpdate(Devices: [browser]));

        await silo.AcceptAsync("w3", new NotificationRequest("t", "xia", "Meeting moved", Channels: [ChannelNames.WebPush, ChannelNames.InApp]));
        var delivered = await silo.WaitForAsync("w3", NotificationStatus.Delivered);
        var inbox = await silo.Client.GetGrain<IInboxGrain>(UserKey.For("t", "xia")).ListAsync(InboxFilter.All, 10, null);

        Assert.Equal(ChannelNames.InApp, delivered.History[^1].Channel);
        Assert.Contains(delivered.History, t => t.Reason?.Contains("410") == true);
        Assert.Equal("w3", Assert.Single(inbox.Items).NotificationId);
    }

    [Fact]
    public async Task Throttling_and_an_outage_are_retried_and_a_refused_key_is_a_configuration_error()
    {
        await using var push = await FakePushService.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings()) { ["Notifications:Delivery:RetryMaxDelay"] = "00:00:00.200" });
        await silo.User("t", "yan").UpdateAsync(new UserUpdate(Devices: [push.Subscribe()]));
        push.FailNext.Enqueue(429);
        push.FailNext.Enqueue(503);

        await silo.AcceptAsync("w4", new NotificationRequest("t", "yan", "Hi", Channel: ChannelNames.WebPush));
        var retried = await silo.WaitForAsync("w4", NotificationStatus.Sent);
        push.FailNext.Enqueue(403);
        await silo.AcceptAsync("w5", new NotificationRequest("t", "yan", "Hi", Channel: ChannelNames.WebPush));
        var refused = await silo.WaitForAsync("w5", NotificationStatus.DeadLettered);

        Assert.Empty(push.Violations);
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("429"));
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("503"));
        Assert.Contains("403", refused.History[^1].Reason);
    }

    private static string SubscriptionId(Device device) => device.Token[(device.Token.LastIndexOf('/') + 1)..];

    private static Dictionary<string, string?> Settings()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new()
        {
            ["Notifications:Providers:webpush:0:Type"] = "vapid",
            ["Notifications:Providers:webpush:0:Subject"] = "mailto:ops@example.com",
            ["Notifications:Providers:webpush:0:PrivateKey"] = Base64Url.EncodeToString(key.ExportParameters(true).D),
        };
    }
}
