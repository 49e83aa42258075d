using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_tenant_past_its_allowance_of_bodies_in_progress_is_429_before_its_body_is_read_while_another_tenant_and_imports_go_on()
    {
        await using var silo = Start(new()
        {
            ["Notifications:Limits:BodyBytesInProgressPerTenant"] = $"{64 * 1024}",
            ["Notifications:Limits:BodyBytesQueuedPerTenant"] = "0",
        });
        // Kestrel, not the test server: the test server reads a body whole before the silo sees the request.
        silo.UseKestrel(0);
        silo.StartServer();
        var address = new Uri(silo.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        using var flood = new HttpClient { BaseAddress = address, DefaultRequestHeaders = { Authorization = new("Bearer", FloodKey) } };
        using var bank = new HttpClient { BaseAddress = address, DefaultRequestHeaders = { Authorization = new("Bearer", BankKey) } };
        Task<HttpResponseMessage> SmallSend(HttpClient client) =>
            client.PostAsJsonAsync("/v1/notifications", new { user_id = "u", message = "Your code is 123456", channel = "log", priority = "critical" });

        // An import streams for as long as it runs, so it is not counted: it would hold the tenant's allowance throughout.
        var importBody = string.Concat(Enumerable.Range(0, 4_000).Select(i => $$"""{"user_id":"imported-{{i}}","email":"user{{i}}@example.com"}""" + "\n"));
        using var import = new HeldBody(importBody, holdAt: importBody.Length - 100);
        var imported = flood.PostAsync("/v1/users/import", import.Content("application/x-ndjson"));
        await Until(async () =>
        {
            using var user = await flood.GetAsync("/v1/users/imported-0");
            return user.StatusCode == HttpStatusCode.OK;
        });
        using var besideTheImport = await SmallSend(flood);

        // A batch larger than the allowance takes all of it while its body is read: the tenant's next request is refused
        // at once, unread, and another tenant's goes on.
        var batchBody = System.Text.Json.JsonSerializer.Serialize(new
        {
            notifications = Enumerable.Range(0, 25).Select(i => new { user_id = $"u{i}", message = new string('x', 4_000), channel = "log" }),
        });
        using var held = new HeldBody(batchBody, holdAt: batchBody.Length - 100);
        var batch = flood.PostAsync("/v1/notifications/batch", held.Content("application/json"));
        HttpResponseMessage? refused = null;
        await Until(async () =>
        {
            refused?.Dispose();
            refused = await SmallSend(flood);
            return refused.StatusCode == HttpStatusCode.TooManyRequests;
        });
        using var otp = await SmallSend(bank);

        held.Release();
        using var batchAnswer = await batch;
        using var after = await SmallSend(flood);
        import.Release();
        using var importAnswer = await imported;

        Assert.Equal(HttpStatusCode.Accepted, besideTheImport.StatusCode);
        Assert.Equal("application/problem+json", refused!.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("too many requests in progress", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, otp.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, batchAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, importAnswer.StatusCode);
        Assert.Equal(4_000, (await importAnswer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("imported").GetInt32());
        refused.Dispose();
    }

    /// <summary>Asks until the answer is yes, for up to 20 s: what is awaited happens on the silo's own time.</summary>
    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "What the test waits for did not happen in 20 s.");
            await Task.Delay(20);
        }
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
