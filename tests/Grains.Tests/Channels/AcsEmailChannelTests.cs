using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class AcsEmailChannelTests
{
    [Fact]
    public async Task Mail_goes_to_Azure_signed_and_the_operation_is_followed_to_its_end()
    {
        await using var acs = await FakeAcsEmail.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(acs.ConnectionString));
        await silo.User("t", "ola").UpdateAsync(new UserUpdate(Email: "ola@example.org"));
        await silo.User("t", "pia").UpdateAsync(new UserUpdate(Email: FakeAcsEmail.DroppedRecipient));

        await silo.AcceptAsync("z1", new NotificationRequest("t", "ola", "Invoice 17 is ready", Title: "Invoice", Channel: ChannelNames.Email));
        await silo.AcceptAsync("z2", new NotificationRequest("t", "pia", "Invoice 18 is ready", Title: "Invoice", Channel: ChannelNames.Email));
        var sent = await silo.WaitForAsync("z1", NotificationStatus.Sent);
        var dropped = await silo.WaitForAsync("z2", NotificationStatus.Failed);

        Assert.Empty(acs.Violations);
        var body = acs.Sends.Single(s => s["recipients"]!["to"]![0]!["address"]!.GetValue<string>() == "ola@example.org");
        Assert.Equal("alerts@example.com", body["senderAddress"]!.GetValue<string>());
        Assert.Equal("Invoice", body["content"]!["subject"]!.GetValue<string>());
        Assert.Equal("Invoice 17 is ready", body["content"]!["plainText"]!.GetValue<string>());
        Assert.Contains("Invoice 17 is ready", body["content"]!["html"]!.GetValue<string>());
        Assert.Equal("z1", body["headers"]!["X-Notification-Id"]!.GetValue<string>());
        Assert.Equal("acs", sent.Provider);
        Assert.True(Guid.TryParse(sent.ProviderMessageId, out _));
        Assert.EndsWith("ACS sent it.", sent.History[^1].Reason);
        Assert.Contains("EmailDropped", dropped.History[^1].Reason);
        Assert.Contains((await silo.User("t", "pia").GetAsync()).Unreachable!, u => u.Address == FakeAcsEmail.DroppedRecipient);
    }

    [Fact]
    public async Task A_wrong_access_key_is_a_configuration_error()
    {
        await using var acs = await FakeAcsEmail.StartAsync();
        var wrongKey = $"endpoint={acs.Endpoint}/;accesskey={Convert.ToBase64String(new byte[32])}";
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(wrongKey));
        await silo.User("t", "ola").UpdateAsync(new UserUpdate(Email: "ola@example.org"));

        await silo.AcceptAsync("z3", new NotificationRequest("t", "ola", "Hello", Channel: ChannelNames.Email));
        var deadLettered = await silo.WaitForAsync("z3", NotificationStatus.DeadLettered);

        Assert.Contains("401", deadLettered.History[^1].Reason);
        Assert.Equal(0, acs.Operations);
    }

    [Fact]
    public async Task Throttling_and_an_outage_at_Azure_are_retried()
    {
        await using var acs = await FakeAcsEmail.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings(acs.ConnectionString)) { ["Notifications:Delivery:RetryMaxDelay"] = "00:00:00.200" });
        await silo.User("t", "ola").UpdateAsync(new UserUpdate(Email: "ola@example.org"));
        acs.FailNext.Enqueue(429);
        acs.FailNext.Enqueue(503);

        await silo.AcceptAsync("z4", new NotificationRequest("t", "ola", "Hello", Channel: ChannelNames.Email));
        var sent = await silo.WaitForAsync("z4", NotificationStatus.Sent);

        Assert.Empty(acs.Violations);
        Assert.Equal(3, sent.Attempts);
        Assert.Contains(sent.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("429 TooManyRequests"));
        Assert.Contains(sent.History, t => t.Status == NotificationStatus.Scheduled && t.Reason!.Contains("503 ServiceUnavailable"));
    }

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Notifications:Email:From"] = "alerts@example.com",
        ["Notifications:Providers:email:0:Type"] = "acs",
        ["Notifications:Providers:email:0:ConnectionString"] = connectionString,
    };
}
