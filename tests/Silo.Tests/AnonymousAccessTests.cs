using System.Net;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>Without API keys the service is for this machine only, unless the operator says otherwise.</summary>
public sealed class AnonymousAccessTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080")]
    [InlineData("urls", "http://localhost:5080;http://+:5081")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://192.168.1.20:5080")]
    public async Task Without_keys_the_silo_refuses_to_listen_beyond_loopback_and_says_what_to_do(string key, string value)
    {
        await using var silo = new SiloFactory(new() { [key] = value });

        var refused = Assert.Throws<InvalidOperationException>(() => { silo.CreateClient(); });

        Assert.Contains("without API keys", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:ApiKeys", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:AllowAnonymous=true", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5081;http://localhost:5082", null, null)]
    [InlineData("http://0.0.0.0:5080", "Notifications:AllowAnonymous", "true")]
    [InlineData("http://0.0.0.0:5080", "Notifications:ApiKeys:0:Key", "anonymous-tests-key-0123456")]
    public async Task Loopback_keys_or_an_explicit_anonymous_setting_let_it_start(string urls, string? key, string? value)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = urls };
        if (key is not null)
        {
            settings[key] = value;
        }

        if (key == "Notifications:ApiKeys:0:Key")
        {
            settings["Notifications:ApiKeys:0:Tenant"] = "shop";
        }

        await using var silo = new SiloFactory(settings);
        using var http = silo.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_request_for_a_host_name_the_silo_does_not_answer_to_is_refused()
    {
        await using var silo = new SiloFactory();
        using var http = silo.CreateClient();

        // A page on another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own Host.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/v1/users/alice") { Headers = { Host = "attacker.example" } };
        var refused = await http.SendAsync(rebound);
        var local = await http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }
}
