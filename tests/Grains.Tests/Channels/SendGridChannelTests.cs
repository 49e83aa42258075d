using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class SendGridChannelTests
{
    [Fact]
    public async Task Mail_goes_to_SendGrid_as_its_API_specifies_with_the_notification_id_for_the_event_webhook()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(sendGrid));
        await silo.User("t", "eve").UpdateAsync(new UserUpdate(Email: "eve@example.org"));

        await silo.AcceptAsync("g1", new NotificationRequest("t", "eve", "Spring collection is here", Title: "New in", Category: "marketing", Channel: ChannelNames.Email));
        var sent = await silo.WaitForAsync("g1", NotificationStatus.Sent);

        Assert.Empty(sendGrid.Violations);
        var body = Assert.Single(sendGrid.Requests).Body!;
        Assert.Equal("eve@example.org", body["personalizations"]![0]!["to"]![0]!["email"]!.GetValue<string>());
        Assert.Equal("g1", body["personalizations"]![0]!["custom_args"]!["notification_id"]!.GetValue<string>());
        Assert.Equal("t", body["personalizations"]![0]!["custom_args"]!["tenant"]!.GetValue<string>());
        Assert.Equal("alerts@example.com", body["from"]!["email"]!.GetValue<string>());
        Assert.Equal("New in", body["subject"]!.GetValue<string>());
        Assert.Equal(["text/plain", "text/html"], body["content"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));
        Assert.StartsWith("<https://notify.example.com/u/", body["headers"]!["List-Unsubscribe"]!.GetValue<string>());
        Assert.Equal("List-Unsubscribe=One-Click", body["headers"]!["List-Unsubscribe-Post"]!.GetValue<string>());
        // SendGrid sets Message-ID itself and refuses it in headers.
        Assert.Null(body["headers"]!["Message-ID"]);
        Assert.Equal(("sendgrid", sendGrid.Requests.Single().MessageId), (sent.Provider, sent.ProviderMessageId));
    }

    [Fact]
    public async Task Every_SendGrid_error_class_is_handled_as_it_should_be()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(sendGrid));
        await using var misconfigured = await GrainsSilo.StartAsync(settings: new(Settings(sendGrid)) { ["Notifications:Providers:email:0:ApiKey"] = "SG.revoked" });
        await silo.User("t", "bad").UpdateAsync(new UserUpdate(Email: FakeSendGrid.InvalidRecipient));
        await silo.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));
        await misconfigured.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));

        await silo.AcceptAsync("h1", new NotificationRequest("t", "bad", "Hi", Channel: ChannelNames.Email));
        var invalid = await silo.WaitForAsync("h1", NotificationStatus.Failed);

        sendGrid.FailNext.Enqueue(429);
        sendGrid.FailNext.Enqueue(503);
        await silo.AcceptAsync("h2", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email));
        var retried = await silo.WaitForAsync("h2", NotificationStatus.Sent);

        await misconfigured.AcceptAsync("h3", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email));
        var deadLettered = await misconfigured.WaitForAsync("h3", NotificationStatus.DeadLettered);

        Assert.Empty(sendGrid.Violations);
        Assert.Contains("not contain a valid address", invalid.History[^1].Reason);
        Assert.Contains((await silo.User("t", "bad").GetAsync()).Unreachable!, u => u is { Channel: "email", Address: FakeSendGrid.InvalidRecipient });
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("429"));
        Assert.Contains(retried.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("503"));
        Assert.Contains("401", deadLettered.History[^1].Reason);
        Assert.Equal(1, deadLettered.Attempts);
        Assert.Contains(misconfigured.ProviderStatuses(), s => s is { Route: "email", Provider: "sendgrid", ConfigurationError: not null });
    }

    private static Dictionary<string, string?> Settings(FakeSendGrid sendGrid) => new()
    {
        ["Notifications:PublicBaseUrl"] = "https://notify.example.com",
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050",
        ["Notifications:Email:From"] = "alerts@example.com",
        ["Notifications:Providers:email:0:Type"] = "sendgrid",
        ["Notifications:Providers:email:0:BaseUrl"] = sendGrid.BaseUrl,
        ["Notifications:Providers:email:0:ApiKey"] = sendGrid.ApiKey,
    };
}
