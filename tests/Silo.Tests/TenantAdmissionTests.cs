using System.Net;
using System.Net.Http.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class TenantAdmissionTests
{
    private const string FloodKey = "flood-key-0123456789abcdef";
    private const string BankKey = "bank-key-0123456789abcdef";

    [Fact]
    public async Task Critical_sends_past_a_tenants_allowance_wait_their_turn_then_are_429_and_another_tenants_still_go()
    {
        await using var silo = Start(new() { ["Notifications:Delivery:CriticalPerSecondPerTenant"] = "5" });
        using var flood = silo.CreateClientWithKey(FloodKey);
        using var bank = silo.CreateClientWithKey(BankKey);

        // All at once: a burst of 10 goes, about 10 more get their turn within the 2 s they may wait, the rest do not.
        var answers = (await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            flood.PostAsJsonAsync("/v1/notifications", new { user_id = "u", message = $"Alert {i}", channel = "log", priority = "critical" })))).ToList();

        using var otp = await bank.PostAsJsonAsync("/v1/notifications", new { user_id = "u", message = "Your code is 123456", channel = "log", priority = "critical" });
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var problem = refused.Count > 0 ? await refused[0].Content.ReadFromJsonAsync<System.Text.Json.JsonElement>() : default;

        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.Accepted), 15, 25);
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType!.MediaType);
        Assert.Contains("allowance of critical notifications", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, otp.StatusCode);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task A_tenant_past_its_share_of_the_backlog_is_refused_while_another_is_taken()
    {
        await using var sink = await WebhookSink.StartAsync();
        var release = new TaskCompletionSource();
        sink.Hold = _ => release.Task;
        await using var silo = Start(new()
        {
            ["Notifications:Delivery:MaxConcurrentSends"] = "4",
            ["Notifications:Delivery:MaxBacklogPerTenant"] = "10",
        });
        using var flood = silo.CreateClientWithKey(FloodKey);
        using var bank = silo.CreateClientWithKey(BankKey);
        (await flood.PutAsJsonAsync("/v1/users/u", new { webhook = new { url = sink.Url, secret = sink.Secret } })).EnsureSuccessStatusCode();
        (await bank.PutAsJsonAsync("/v1/users/u", new { webhook = new { url = sink.Url, secret = sink.Secret } })).EnsureSuccessStatusCode();

        HttpStatusCode last = HttpStatusCode.Accepted;
        for (var i = 0; i < 100 && last == HttpStatusCode.Accepted; i++)
        {
            // Keyed, so that each is a notification of its own waiting in the lanes.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(new { user_id = "u", message = $"Promo {i}" }) };
            request.Headers.Add("Idempotency-Key", $"promo-{i}");
            using var answer = await flood.SendAsync(request);
            last = answer.StatusCode;
        }

        using var other = await bank.PostAsJsonAsync("/v1/notifications", new { user_id = "u", message = "Statement ready" });
        release.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    private static SiloFactory Start(Dictionary<string, string?> settings)
    {
        settings["Notifications:ApiKeys:0:Tenant"] = "flood";
        settings["Notifications:ApiKeys:0:Key"] = FloodKey;
        settings["Notifications:ApiKeys:1:Tenant"] = "bank";
        settings["Notifications:ApiKeys:1:Key"] = BankKey;
        return new SiloFactory(settings);
    }
}
