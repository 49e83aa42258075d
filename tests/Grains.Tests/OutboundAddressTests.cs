using System.Net;
using Microsoft.Extensions.Options;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class OutboundAddressTests
{
    [Theory]
    [InlineData("93.184.216.34", AddressRange.Public)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", AddressRange.Public)]
    [InlineData("127.0.0.1", AddressRange.Loopback)]
    [InlineData("127.255.0.9", AddressRange.Loopback)]
    [InlineData("::1", AddressRange.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)]
    [InlineData("10.1.2.3", AddressRange.Private)]
    [InlineData("172.31.255.1", AddressRange.Private)]
    [InlineData("192.168.0.10", AddressRange.Private)]
    [InlineData("100.100.100.100", AddressRange.Private)]
    [InlineData("fd12:3456::1", AddressRange.Private)]
    [InlineData("::ffff:10.0.0.1", AddressRange.Private)]
    [InlineData("169.254.169.254", AddressRange.Reserved)]
    [InlineData("::ffff:169.254.169.254", AddressRange.Reserved)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressRange.Reserved)]
    [InlineData("2002:a9fe:a9fe::1", AddressRange.Reserved)]
    [InlineData("2002:7f00:1::", AddressRange.Loopback)]
    [InlineData("64:ff9b::5db8:d822", AddressRange.Public)]
    [InlineData("64:ff9b:1::a9fe:a9fe", AddressRange.Reserved)]
    [InlineData("fe80::1", AddressRange.Reserved)]
    [InlineData("0.0.0.0", AddressRange.Reserved)]
    [InlineData("::", AddressRange.Reserved)]
    [InlineData("224.0.0.1", AddressRange.Reserved)]
    [InlineData("ff02::1", AddressRange.Reserved)]
    [InlineData("255.255.255.255", AddressRange.Reserved)]
    [InlineData("192.0.2.1", AddressRange.Reserved)]
    [InlineData("2001:db8::1", AddressRange.Reserved)]
    public void Each_address_falls_in_its_range(string address, AddressRange range) =>
        Assert.Equal(range, OutboundAddresses.RangeOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://hooks.example.com/in", false, false, null)]
    [InlineData("http://hooks.example.com/in", false, false, "https")]
    [InlineData("http://hooks.example.com/in", false, true, null)]
    [InlineData("https://169.254.169.254/latest/meta-data", true, true, "reserved")]
    [InlineData("https://[::ffff:a9fe:a9fe]/", true, true, "reserved")]
    [InlineData("https://10.0.0.7/hook", true, true, "private")]
    [InlineData("https://localhost:8080/hook", false, true, "loopback")]
    [InlineData("https://127.0.0.1:8080/hook", false, true, "loopback")]
    [InlineData("https://127.0.0.1:8080/hook", true, true, null)]
    [InlineData("ftp://hooks.example.com/in", true, true, "https")]
    public void An_endpoint_is_refused_for_its_scheme_or_an_address_it_names(string url, bool allowLoopback, bool allowHttp, string? refusedFor)
    {
        var refusal = OutboundAddresses.RefusalOf(new Uri(url), new OutboundOptions { AllowLoopback = allowLoopback, AllowHttp = allowHttp });

        if (refusedFor is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(refusedFor, refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_name_is_resolved_and_checked_when_the_connection_is_made()
    {
        await using var receiver = await WebhookSink.StartAsync();
        using var allowed = new HttpClient(Connector(allowLoopback: true).Handler(TimeSpan.FromMinutes(1)));
        using var refused = new HttpClient(Connector(allowLoopback: false).Handler(TimeSpan.FromMinutes(1)));
        // A name, not an address: only its resolution, at connect time, says where it goes.
        var url = $"http://localhost:{receiver.Port}/";

        using var answered = await allowed.PostAsync(url, new StringContent("{}"));
        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => refused.PostAsync(url, new StringContent("{}")));

        Assert.NotEqual(HttpStatusCode.InternalServerError, answered.StatusCode);
        Assert.Equal(AddressRange.Loopback, Assert.IsType<OutboundAddressRefusedException>(refusal.InnerException).Range);
    }

    [Fact]
    public async Task A_webhook_at_an_address_deliveries_may_not_go_to_fails_with_a_reason_that_says_nothing_of_the_address()
    {
        await using var receiver = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new() { ["Notifications:Outbound:AllowLoopback"] = "false" });
        var user = silo.User("t", "mallory");
        await user.UpdateAsync(new UserUpdate(WebhookUrl: $"http://localhost:{receiver.Port}/admin", WebhookSecret: receiver.Secret));

        await silo.AcceptAsync("probe", new NotificationRequest("t", "mallory", "Knock knock"));
        var failed = await silo.WaitForAsync("probe", NotificationStatus.Failed);

        Assert.Empty(receiver.Received);
        Assert.Equal("The endpoint is at an address deliveries may not go to.", failed.History[^1].Reason);
    }

    private static OutboundConnector Connector(bool allowLoopback) =>
        new(new StaticOptionsMonitor(new OutboundOptions { AllowLoopback = allowLoopback, AllowHttp = true }));

    private sealed class StaticOptionsMonitor(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;

        public OutboundOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
