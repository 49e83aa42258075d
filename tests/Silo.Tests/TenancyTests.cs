using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class TenancyTests : IAsyncLifetime
{
    private const string AcmeKey = "acme-key-0123456789abcdef";
    private const string GlobexKey = "globex-key-0123456789abcdef";

    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:ApiKeys:0:Tenant"] = "acme",
        ["Notifications:ApiKeys:0:Key"] = AcmeKey,
        ["Notifications:ApiKeys:1:Tenant"] = "globex",
        ["Notifications:ApiKeys:1:Key"] = GlobexKey,
    });

    public Task InitializeAsync() => Task.CompletedTask;

    private HttpClient Client(string key) => _silo.CreateClientWithKey(key);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Sends_of_two_tenants_arriving_together_are_each_filed_under_their_own_tenant()
    {
        var acme = Client(AcmeKey);
        var globex = Client(GlobexKey);

        // Sent at once, so that the front door gathers them into pages: a page holds one tenant's sends.
        var sent = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            (Tenant: i % 2, Id: await (i % 2 == 0 ? acme : globex).SendNotificationAsync(new { user_id = "same-name", message = $"Hello {i}", channel = "log" }))));
        foreach (var (tenant, id) in sent)
        {
            await (tenant == 0 ? acme : globex).WaitForStatusAsync(id, "delivered");
        }

        var acmeExport = await acme.GetFromJsonAsync<JsonElement>("/v1/users/same-name/export");
        var globexExport = await globex.GetFromJsonAsync<JsonElement>("/v1/users/same-name/export");

        Assert.Equal(sent.Where(s => s.Tenant == 0).Select(s => s.Id).Order(), acmeExport.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()).Order());
        Assert.Equal(sent.Where(s => s.Tenant == 1).Select(s => s.Id).Order(), globexExport.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Calls_without_a_valid_key_are_401_problems_and_health_stays_open()
    {
        var http = _silo.CreateClient();

        var none = await http.PostAsJsonAsync("/v1/notifications", new { user_id = "a", message = "x" });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key-0123456789");
        var wrong = await http.GetAsync("/notifications/abc/status");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_notifications_or_users()
    {
        var acme = Client(AcmeKey);
        var globex = _silo.CreateClient();
        globex.DefaultRequestHeaders.Add("X-Api-Key", GlobexKey);

        var sent = await acme.PostAsJsonAsync("/v1/notifications", new { user_id = "shared-name", message = "acme only" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await acme.PutAsJsonAsync("/v1/users/shared-name", new { language = "fr" });

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync($"/v1/notifications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"/v1/notifications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"/notifications/{id}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync($"/v1/notifications/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("/v1/users/shared-name")).StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_in_two_tenants_makes_two_notifications()
    {
        var acme = Client(AcmeKey);
        var globex = Client(GlobexKey);

        var a = await SendAsync(acme);
        var b = await SendAsync(globex);

        Assert.NotEqual(a, b);

        static async Task<string> SendAsync(HttpClient http)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(new { user_id = "u", message = "m" }) };
            request.Headers.Add("Idempotency-Key", "same-key");
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
    }
}
