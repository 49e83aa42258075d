using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class FcmChannelTests
{
    [Fact]
    public async Task An_Android_device_gets_the_message_with_a_service_account_token_that_is_reused_and_renewed_when_refused()
    {
        await using var fcm = await FakeFcm.StartAsync();
        // One silo: each silo gets and renews its own access token, and the count is per token.
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(fcm), silos: 1);
        await silo.User("t", "leo").UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Fcm, "fcm-token-leo")]));

        await silo.AcceptAsync("f1", new NotificationRequest("t", "leo", "Your ride is here", Title: "Ride", Priority: Priority.High, Channel: ChannelNames.Push,
            Data: new Dictionary<string, string> { ["ride_id"] = "r-9" }));
        var sent = await silo.WaitForAsync("f1", NotificationStatus.Sent);
        await silo.AcceptAsync("f2", new NotificationRequest("t", "leo", "Second", Channel: ChannelNames.Push));
        await silo.WaitForAsync("f2", NotificationStatus.Sent);
        var tokensForTwo = fcm.TokensIssued;
        fcm.RevokeAccessTokens();
        await silo.AcceptAsync("f3", new NotificationRequest("t", "leo", "Third", Channel: ChannelNames.Push));
        var third = await silo.WaitForAsync("f3", NotificationStatus.Sent);

        Assert.Empty(fcm.Violations);
        var message = fcm.Messages.First()["message"]!;
        Assert.Equal("fcm-token-leo", message["token"]!.GetValue<string>());
        Assert.Equal("Ride", message["notification"]!["title"]!.GetValue<string>());
        Assert.Equal("Your ride is here", message["notification"]!["body"]!.GetValue<string>());
        Assert.Equal("f1", message["data"]!["notification_id"]!.GetValue<string>());
        Assert.Equal("r-9", message["data"]!["ride_id"]!.GetValue<string>());
        Assert.Equal("HIGH", message["android"]!["priority"]!.GetValue<string>());
        Assert.StartsWith($"projects/{FakeFcm.ProjectId}/messages/", sent.ProviderMessageId);
        Assert.Equal(1, tokensForTwo);
        Assert.Equal(1, third.Attempts);
    }

    [Fact]
    public async Task A_send_aimed_at_one_device_reaches_that_device_alone_and_one_the_user_has_not_goes_where_the_user_would_get_it()
    {
        await using var fcm = await FakeFcm.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(fcm));
        await silo.User("t", "ines").UpdateAsync(new UserUpdate(Devices:
        [
            new Device(DeviceKinds.Fcm, "fcm-token-phone", Id: "phone"),
            new Device(DeviceKinds.Fcm, "fcm-token-tablet", Id: "tablet"),
        ]));

        await silo.AcceptAsync("d1", new NotificationRequest("t", "ines", "On the tablet", DeviceId: "tablet"));
        var byId = await silo.WaitForAsync("d1", NotificationStatus.Sent);
        await silo.AcceptAsync("d2", new NotificationRequest("t", "ines", "On the phone", DeviceId: "fcm-token-phone"));
        await silo.WaitForAsync("d2", NotificationStatus.Sent);
        await silo.AcceptAsync("d3", new NotificationRequest("t", "ines", "On a lost watch", DeviceId: "watch"));
        // Ines has no webhook: her endpoints send it to the log channel, as any send without a channel.
        var fellBack = await silo.WaitForAsync("d3", NotificationStatus.Delivered);
        // A channel the send names wins over a device on another channel.
        await silo.AcceptAsync("d4", new NotificationRequest("t", "ines", "In the inbox only", Channel: ChannelNames.InApp, DeviceId: "tablet"));
        var inboxOnly = await silo.WaitForAsync("d4", NotificationStatus.Delivered);

        var tokens = fcm.Messages.Select(m => m["message"]!["token"]!.GetValue<string>()).ToList();
        Assert.Equal(["fcm-token-tablet", "fcm-token-phone"], tokens);
        Assert.Equal("push", byId.History.Last(h => h.Channel is not null).Channel);
        Assert.Equal("log", fellBack.History.Last(h => h.Channel is not null).Channel);
        Assert.Equal("inapp", inboxOnly.History.Last(h => h.Channel is not null).Channel);
    }

    [Fact]
    public async Task Every_FCM_error_class_is_handled_as_it_should_be()
    {
        await using var fcm = await FakeFcm.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings(fcm)) { ["Notifications:Delivery:MaxAttempts"] = "3" });
        fcm.ErrorsByToken["gone"] = "UNREGISTERED";
        fcm.ErrorsByToken["garbled"] = "INVALID_TOKEN";
        fcm.ErrorsByToken["other-sender"] = "SENDER_ID_MISMATCH";
        fcm.ErrorsByToken["ios-misconfigured"] = "THIRD_PARTY_AUTH_ERROR";
        foreach (var token in (string[])["gone", "garbled", "other-sender", "ios-misconfigured", "fine"])
        {
            await silo.User("t", token).UpdateAsync(new UserUpdate(Devices: [new Device(DeviceKinds.Fcm, token)]));
        }

        await silo.AcceptAsync("e-gone", new NotificationRequest("t", "gone", "Hi", Channel: ChannelNames.Push));
        await silo.AcceptAsync("e-garbled", new NotificationRequest("t", "garbled", "Hi", Channel: ChannelNames.Push));
        await silo.AcceptAsync("e-other", new NotificationRequest("t", "other-sender", "Hi", Channel: ChannelNames.Push));
        await silo.AcceptAsync("e-config", new NotificationRequest("t", "ios-misconfigured", "Hi", Channel: ChannelNames.Push));
        var gone = await silo.WaitForAsync("e-gone", NotificationStatus.Failed);
        var garbled = await silo.WaitForAsync("e-garbled", NotificationStatus.Failed);
        var other = await silo.WaitForAsync("e-other", NotificationStatus.Failed);
        var config = await silo.WaitForAsync("e-config", NotificationStatus.DeadLettered);

        fcm.QuotaExceeded = true;
        await silo.AcceptAsync("e-quota", new NotificationRequest("t", "fine", "Hi", Channel: ChannelNames.Push));
        var throttled = await silo.WaitForAsync("e-quota", NotificationStatus.Scheduled);
        fcm.QuotaExceeded = false;
        fcm.Unavailable = true;
        await silo.AcceptAsync("e-down", new NotificationRequest("t", "fine", "Hi", Channel: ChannelNames.Push, Priority: Priority.Critical));
        var down = await silo.WaitForAsync("e-down", NotificationStatus.Scheduled);

        Assert.Empty(fcm.Violations);
        Assert.Contains("UNREGISTERED", gone.History[^1].Reason);
        Assert.Contains("not a valid FCM registration token", garbled.History[^1].Reason);
        Assert.Contains("SENDER_ID_MISMATCH", other.History[^1].Reason);
        foreach (var user in (string[])["gone", "garbled", "other-sender"])
        {
            Assert.Contains((await silo.User("t", user).GetAsync()).Unreachable!, u => u is { Channel: "push" } && u.Address == user);
        }

        Assert.Contains("THIRD_PARTY_AUTH_ERROR", config.History[^1].Reason);
        Assert.Contains(silo.ProviderStatuses(), s => s.Provider == "fcm" && s.ConfigurationError?.Contains("THIRD_PARTY_AUTH_ERROR") == true);
        // A quota error waits at least the minute FCM asks for.
        Assert.True(throttled.NextAttemptAt - throttled.History[^1].At >= TimeSpan.FromSeconds(59), "QUOTA_EXCEEDED waits a minute");
        Assert.Contains("QUOTA_EXCEEDED", throttled.History[^1].Reason);
        Assert.Contains("UNAVAILABLE", down.History[^1].Reason);
    }

    private static Dictionary<string, string?> Settings(FakeFcm fcm) => new()
    {
        ["Notifications:Providers:fcm:0:Type"] = "fcm",
        ["Notifications:Providers:fcm:0:BaseUrl"] = fcm.BaseUrl,
        ["Notifications:Providers:fcm:0:ServiceAccountJson"] = fcm.ServiceAccountJson,
    };
}
