using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class ProviderOperationsTests
{
    [Fact]
    public async Task A_wrong_provider_setting_stops_the_silo_at_start_and_names_the_setting_not_its_value()
    {
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:Providers:sms:0:Type"] = "twilio",
            ["Notifications:Providers:sms:0:AccountSid"] = "not-an-account-sid",
            ["Notifications:Providers:sms:0:AuthToken"] = "secret-token-value",
            ["Notifications:Providers:sms:0:From"] = "+15005550006",
        });

        var failure = Assert.ThrowsAny<Exception>(() => silo.CreateClient());

        Assert.Contains("Notifications:Providers:sms:0:AccountSid", failure.Message);
        Assert.DoesNotContain("secret-token-value", failure.ToString());
    }

    [Fact]
    public async Task Health_and_the_providers_endpoint_show_a_provider_whose_configuration_is_refused()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:Providers:sms:0:Type"] = "twilio",
            ["Notifications:Providers:sms:0:Name"] = "twilio-eu",
            ["Notifications:Providers:sms:0:BaseUrl"] = twilio.BaseUrl,
            ["Notifications:Providers:sms:0:AccountSid"] = twilio.AccountSid,
            ["Notifications:Providers:sms:0:AuthToken"] = "revoked-token",
            ["Notifications:Providers:sms:0:From"] = "+15005550006",
        });
        var http = silo.CreateClient();
        var healthy = await http.GetStringAsync("/health/ready");
        (await http.PutAsJsonAsync("/v1/users/ann", new { phone = "+4915112345678" })).EnsureSuccessStatusCode();
        var sent = await http.PostAsJsonAsync("/v1/notifications", new { user_id = "ann", message = "Hi", channel = "sms" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Eventually.TrueAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")).GetProperty("status").GetString() == "dead_lettered", "a dead letter");

        var degraded = await http.GetAsync("/health/ready");
        var providers = await http.GetFromJsonAsync<JsonElement>("/v1/providers");
        var unknownChannel = await http.PostAsJsonAsync("/v1/notifications", new { user_id = "ann", message = "Hi", channel = "voice" });

        Assert.Equal("Healthy", healthy);
        Assert.Equal(System.Net.HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("Degraded", await degraded.Content.ReadAsStringAsync());
        var provider = Assert.Single(providers.EnumerateArray());
        Assert.Equal(("sms", "twilio-eu"), (provider.GetProperty("route").GetString(), provider.GetProperty("provider").GetString()));
        Assert.Contains("20003", provider.GetProperty("configuration_error").GetString());
        Assert.DoesNotContain("revoked-token", providers.GetRawText());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknownChannel.StatusCode);
        Assert.Contains("channel", await unknownChannel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Browsers_can_fetch_the_VAPID_public_key_to_subscribe_with()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(true);
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:Providers:webpush:0:Type"] = "vapid",
            ["Notifications:Providers:webpush:0:Subject"] = "mailto:ops@example.com",
            ["Notifications:Providers:webpush:0:PrivateKey"] = System.Buffers.Text.Base64Url.EncodeToString(parameters.D),
        });
        await using var without = new SiloFactory();

        var answer = await silo.CreateClient().GetFromJsonAsync<JsonElement>("/v1/webpush/public-key");
        var missing = await without.CreateClient().GetAsync("/v1/webpush/public-key");

        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]), answer.GetProperty("public_key").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
