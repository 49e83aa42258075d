using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class OrleansDashboardTests
{
    private const string TenantKey = "acme-key-0123456789abcdef";
    private const string OperatorKey = "ops-key-0123456789abcdef";

    [Fact]
    public async Task Orleans_dashboard_is_served_at_orleans_to_operators_only()
    {
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:ApiKeys:0:Tenant"] = "acme",
            ["Notifications:ApiKeys:0:Key"] = TenantKey,
            ["Notifications:ApiKeys:1:Tenant"] = "ops",
            ["Notifications:ApiKeys:1:Key"] = OperatorKey,
            ["Notifications:ApiKeys:1:Operator"] = "true",
        });
        using var http = silo.CreateClient();

        using var anonymous = await http.GetAsync("/orleans/");
        using var tenant = await GetAsync(http, "/orleans/", Basic(TenantKey));
        using var page = await GetAsync(http, "/orleans/", Basic(OperatorKey));
        using var byHeader = await GetAsync(http, "/orleans/", null, OperatorKey);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, tenant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_local_silo_shows_its_Orleans_dashboard()
    {
        await using var silo = new SiloFactory();
        using var http = silo.CreateClient();

        using var page = await http.GetAsync("/orleans/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_silo_configured_without_it_serves_no_Orleans_dashboard()
    {
        await using var silo = new SiloFactory(new() { ["Notifications:Orleans:Dashboard"] = "false" });
        using var http = silo.CreateClient();

        using var page = await http.GetAsync("/orleans/");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string key) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{key}")));

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, AuthenticationHeaderValue? authorization, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = authorization } };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return http.SendAsync(request);
    }
}
