using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>Webhook and web-push endpoints are checked when they are set, with the field and the reason (the tests' silos allow loopback, not http).</summary>
public sealed class OutboundAddressApiTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new(new() { ["Notifications:Outbound:AllowHttp"] = "false" });

    private HttpClient Http { get; set; } = null!;

    public Task InitializeAsync()
    {
        Http = _silo.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/iam", "reserved")]
    [InlineData("https://[::ffff:169.254.169.254]/", "reserved")]
    [InlineData("https://10.0.0.7/hooks", "private")]
    [InlineData("http://hooks.example.com/in", "https")]
    public async Task A_webhook_aimed_inside_the_network_or_over_plain_http_is_refused_naming_the_field(string url, string reason)
    {
        var refused = await Http.PutAsJsonAsync("/v1/users/mallory", new { webhook = new { url } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty("webhook.url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_push_subscription_aimed_at_a_private_address_is_refused_and_a_public_one_taken()
    {
        var keys = new { p256dh = Convert.ToBase64String(new byte[65]).TrimEnd('=').Replace('+', '-').Replace('/', '_'), auth = "AAAAAAAAAAAAAAAAAAAAAA" };

        var refused = await Http.PutAsJsonAsync("/v1/users/mallory", new { devices = new[] { new { kind = "webpush", token = "https://192.168.1.1/push", keys.p256dh, keys.auth } } });
        var taken = await Http.PutAsJsonAsync("/v1/users/mallory", new { devices = new[] { new { kind = "webpush", token = "https://push.example.com/send/abc", keys.p256dh, keys.auth } } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("private", errors.GetProperty("devices[0].token")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
    }
}
