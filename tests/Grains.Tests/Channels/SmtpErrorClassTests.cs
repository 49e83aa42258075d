using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class SmtpErrorClassTests
{
    [Fact]
    public async Task Every_SMTP_reply_class_is_handled_as_it_should_be()
    {
        await using var smtp = new ScriptedSmtpServer();
        smtp.RecipientReplies["gone@example.org"] = "550 5.1.1 The email account that you tried to reach does not exist";
        smtp.RecipientReplies["full@example.org"] = "452 4.2.2 Mailbox full";
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(smtp.Port));
        await silo.User("t", "gone").UpdateAsync(new UserUpdate(Email: "gone@example.org"));
        await silo.User("t", "full").UpdateAsync(new UserUpdate(Email: "full@example.org"));
        await silo.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));

        await silo.AcceptAsync("m-gone", new NotificationRequest("t", "gone", "Hi", Channel: ChannelNames.Email));
        await silo.AcceptAsync("m-full", new NotificationRequest("t", "full", "Hi", Channel: ChannelNames.Email));
        var gone = await silo.WaitForAsync("m-gone", NotificationStatus.Failed);
        var full = await silo.WaitForAsync("m-full", NotificationStatus.Scheduled);
        smtp.RecipientReplies.TryRemove("full@example.org", out _);
        var later = await silo.WaitForAsync("m-full", NotificationStatus.Sent);

        smtp.Unavailable = true;
        await silo.AcceptAsync("m-down", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email));
        var down = await silo.WaitForAsync("m-down", NotificationStatus.Scheduled);
        smtp.Unavailable = false;
        await silo.WaitForAsync("m-down", NotificationStatus.Sent);

        Assert.Contains("550", gone.History[^1].Reason);
        Assert.Contains((await silo.User("t", "gone").GetAsync()).Unreachable!, u => u is { Channel: "email", Address: "gone@example.org" });
        Assert.Contains("452", full.History[^1].Reason);
        Assert.True(later.Attempts >= 2);
        Assert.Contains("421", down.History[^1].Reason);
        Assert.Equal(["full@example.org", "ok@example.org"], smtp.Delivered.Order());
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_retried_and_known_not_to_have_the_mail()
    {
        var port = WebhookSink.FreePort();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings(port)) { ["Notifications:Delivery:MaxAttempts"] = "1" });
        await silo.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));

        // at_most_once sends again only what certainly never left.
        await silo.AcceptAsync("m-refused", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email, Mode: DeliveryMode.AtMostOnce));
        var refused = await silo.WaitForAsync("m-refused", NotificationStatus.DeadLettered);

        Assert.StartsWith("Gave up after 1 attempts.", refused.History[^1].Reason);
    }

    private static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050",
        ["Notifications:Email:From"] = "alerts@example.com",
        ["Notifications:Providers:email:0:Type"] = "smtp",
        ["Notifications:Providers:email:0:Host"] = "127.0.0.1",
        ["Notifications:Providers:email:0:Port"] = $"{port}",
        ["Notifications:Providers:email:0:StartTls"] = "false",
    };
}
