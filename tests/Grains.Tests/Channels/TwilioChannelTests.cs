using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class TwilioChannelTests
{
    private const string From = "+15005550006";

    [Fact]
    public async Task An_sms_goes_to_Twilio_as_its_API_specifies_and_keeps_the_message_sid()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(("sms", twilio)));
        await silo.User("t", "ann").UpdateAsync(new UserUpdate(Phone: "+4915112345678"));

        await silo.AcceptAsync("s1", new NotificationRequest("t", "ann", "Your code is 123456", Title: "Login", Channel: ChannelNames.Sms));
        var sent = await silo.WaitForAsync("s1", NotificationStatus.Sent);

        Assert.Empty(twilio.Violations);
        var created = Assert.Single(twilio.Created);
        Assert.Equal("Messages", created.Resource);
        Assert.Equal("+4915112345678", created.Form["To"]);
        Assert.Equal(From, created.Form["From"]);
        Assert.Equal("Login: Your code is 123456", created.Form["Body"]);
        Assert.Equal("https://notify.example.com/v1/callbacks/twilio/twilio?notification_id=s1", created.Form["StatusCallback"]);
        Assert.Equal(("twilio", created.Sid), (sent.Provider, sent.ProviderMessageId));
    }

    [Fact]
    public async Task A_call_reads_the_notification_aloud_in_the_users_language()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(("voice", twilio)));
        await silo.User("t", "bea").UpdateAsync(new UserUpdate(Language: "de", Phone: "+4915112345679"));

        await silo.AcceptAsync("v1", new NotificationRequest("t", "bea", "Ihr Konto wurde gesperrt & entsperrt", Title: "Sicherheit", Channel: ChannelNames.Voice));
        await silo.WaitForAsync("v1", NotificationStatus.Sent);

        Assert.Empty(twilio.Violations);
        var call = Assert.Single(twilio.Created);
        Assert.Equal("Calls", call.Resource);
        var twiml = XElement.Parse(call.Form["Twiml"]);
        Assert.Equal("Response", twiml.Name.LocalName);
        var say = twiml.Elements("Say").First();
        Assert.Equal("de-DE", say.Attribute("language")!.Value);
        Assert.Equal("Sicherheit. Ihr Konto wurde gesperrt & entsperrt", say.Value);
    }

    [Fact]
    public async Task Every_Twilio_error_class_is_handled_as_it_should_be()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var wrongToken = await FakeTwilio.StartAsync(twilio.AccountSid);
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(("sms", twilio)));
        await using var misconfigured = await GrainsSilo.StartAsync(settings: new(Settings(("sms", wrongToken)))
        {
            ["Notifications:Providers:sms:0:AuthToken"] = "not-the-token",
        });
        await silo.User("t", "inv").UpdateAsync(new UserUpdate(Phone: FakeTwilio.InvalidNumber));
        await silo.User("t", "land").UpdateAsync(new UserUpdate(Phone: FakeTwilio.Landline));
        await silo.User("t", "stop").UpdateAsync(new UserUpdate(Phone: FakeTwilio.OptedOut));
        await silo.User("t", "ok").UpdateAsync(new UserUpdate(Phone: "+4915112340000"));
        await misconfigured.User("t", "ok").UpdateAsync(new UserUpdate(Phone: "+4915112340000"));

        await silo.AcceptAsync("e1", new NotificationRequest("t", "inv", "Hi", Channel: ChannelNames.Sms));
        await silo.AcceptAsync("e2", new NotificationRequest("t", "land", "Hi", Channel: ChannelNames.Sms));
        await silo.AcceptAsync("e3", new NotificationRequest("t", "stop", "Hi", Channel: ChannelNames.Sms));
        var invalid = await silo.WaitForAsync("e1", NotificationStatus.Failed);
        var landline = await silo.WaitForAsync("e2", NotificationStatus.Failed);
        var optedOut = await silo.WaitForAsync("e3", NotificationStatus.Failed);

        // Throttled, then unavailable, then fine: retried each time, and taken in the end.
        twilio.FailNext.Enqueue(429);
        twilio.FailNext.Enqueue(503);
        await silo.AcceptAsync("e4", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Sms));
        var retried = await silo.WaitForAsync("e4", NotificationStatus.Sent);

        await misconfigured.AcceptAsync("e5", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Sms));
        var deadLettered = await misconfigured.WaitForAsync("e5", NotificationStatus.DeadLettered);

        Assert.Empty(twilio.Violations);
        Assert.Contains("21211", invalid.History[^1].Reason);
        Assert.Contains("21614", landline.History[^1].Reason);
        Assert.Contains("opted out", optedOut.History[^1].Reason);
        Assert.Equal(1, optedOut.Attempts);
        Assert.Contains((await silo.User("t", "land").GetAsync()).Unreachable!, u => u is { Channel: "sms", Address: FakeTwilio.Landline });
        Assert.Contains((await silo.User("t", "stop").GetAsync()).Unreachable!, u => u is { Channel: "sms", Address: FakeTwilio.OptedOut });
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("20429"));
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("20503"));
        Assert.Contains("20003", deadLettered.History[^1].Reason);
        Assert.Equal(1, deadLettered.Attempts);
        var health = misconfigured.ProviderStatuses();
        Assert.Contains(health, s => s is { Route: "sms", Provider: "twilio" } && s.ConfigurationError?.Contains("20003") == true);
        Assert.DoesNotContain("not-the-token", deadLettered.History[^1].Reason);
    }

    [Fact]
    public async Task A_landline_fails_sms_for_good_and_the_notification_falls_back_to_a_call()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(("sms", twilio), ("voice", twilio)));
        await silo.User("t", "lou").UpdateAsync(new UserUpdate(Phone: FakeTwilio.Landline));
        await silo.User("t", "max").UpdateAsync(new UserUpdate(Phone: "+4915112345670"));

        await silo.AcceptAsync("f1", new NotificationRequest("t", "lou", "Fraud alert", Channels: [ChannelNames.Sms, ChannelNames.Voice]));
        // No device for push: the first channel with a live address takes it.
        await silo.AcceptAsync("f2", new NotificationRequest("t", "max", "Fraud alert", Channels: [ChannelNames.Push, ChannelNames.Sms]));
        var called = await silo.WaitForAsync("f1", NotificationStatus.Sent);
        var texted = await silo.WaitForAsync("f2", NotificationStatus.Sent);
        // The landline is now known: the next one goes straight to the call.
        await silo.AcceptAsync("f3", new NotificationRequest("t", "lou", "Fraud alert", Channels: [ChannelNames.Sms, ChannelNames.Voice]));
        var direct = await silo.WaitForAsync("f3", NotificationStatus.Sent);

        Assert.Equal(
            ["Calls " + FakeTwilio.Landline, "Calls " + FakeTwilio.Landline, "Messages " + FakeTwilio.Landline, "Messages +4915112345670"],
            twilio.Requests.Select(r => $"{r.Resource} {r.Form["To"]}").Order());
        Assert.Contains(called.History, t => t.Reason?.Contains("Falling back to voice") == true);
        Assert.Equal(ChannelNames.Voice, called.History[^1].Channel);
        Assert.Equal(ChannelNames.Sms, texted.History[^1].Channel);
        Assert.Equal(1, direct.Attempts);
    }

    [Fact]
    public async Task A_replay_after_a_credentials_fix_tries_every_channel_again_in_order()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = Settings(("sms", twilio), ("voice", twilio));
        settings["Notifications:Providers:sms:0:AuthToken"] = "rotated-token";
        settings["Notifications:Providers:voice:0:AuthToken"] = "rotated-token";
        await using var silo = await GrainsSilo.StartAsync(settings: settings);
        await silo.User("t", "rex").UpdateAsync(new UserUpdate(Phone: "+4915177770000"));

        await silo.AcceptAsync("rp", new NotificationRequest("t", "rex", "Alarm", Channels: [ChannelNames.Sms, ChannelNames.Voice]));
        var deadLettered = await silo.WaitForAsync("rp", NotificationStatus.DeadLettered);
        twilio.AuthToken = "rotated-token";
        await silo.Notification("rp").ReplayAsync("t");
        var sent = await silo.WaitForAsync("rp", NotificationStatus.Sent);

        Assert.Contains(deadLettered.History, t => t.Channel == ChannelNames.Sms && t.Reason?.Contains("Falling back to voice") == true);
        Assert.Equal(ChannelNames.Voice, deadLettered.History[^1].Channel);
        Assert.Equal(ChannelNames.Sms, sent.History[^1].Channel);
        Assert.Equal("Messages", Assert.Single(twilio.Created).Resource);
    }

    internal static Dictionary<string, string?> Settings(params (string Route, FakeTwilio Twilio)[] providers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:PublicBaseUrl"] = "https://notify.example.com",
            ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (route, twilio) in providers)
        {
            var index = settings.Keys.Count(k => k.StartsWith($"Notifications:Providers:{route}:", StringComparison.Ordinal) && k.EndsWith(":Type", StringComparison.Ordinal));
            var prefix = $"Notifications:Providers:{route}:{index}:";
            settings[prefix + "Type"] = "twilio";
            settings[prefix + "BaseUrl"] = twilio.BaseUrl;
            settings[prefix + "AccountSid"] = twilio.AccountSid;
            settings[prefix + "AuthToken"] = twilio.AuthToken;
            settings[prefix + "From"] = From;
        }

        return settings;
    }
}
