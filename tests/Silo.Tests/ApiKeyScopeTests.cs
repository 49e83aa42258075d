using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class ApiKeyScopeTests : IAsyncLifetime
{
    private const string SendKey = "send-only-key-0123456789";
    private const string ReadKey = "read-only-key-0123456789";
    private const string ManageKey = "manage-only-key-0123456789";
    private const string TenantKey = "tenant-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";

    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:ApiKeys:0:Tenant"] = "acme",
        ["Notifications:ApiKeys:0:Key"] = SendKey,
        ["Notifications:ApiKeys:0:Scopes:0"] = "send",
        ["Notifications:ApiKeys:1:Tenant"] = "acme",
        ["Notifications:ApiKeys:1:Key"] = ReadKey,
        ["Notifications:ApiKeys:1:Scopes:0"] = "read",
        ["Notifications:ApiKeys:2:Tenant"] = "acme",
        ["Notifications:ApiKeys:2:Key"] = ManageKey,
        ["Notifications:ApiKeys:2:Scopes:0"] = "manage",
        ["Notifications:ApiKeys:3:Tenant"] = "acme",
        ["Notifications:ApiKeys:3:Key"] = TenantKey,
        ["Notifications:ApiKeys:4:Tenant"] = "ops",
        ["Notifications:ApiKeys:4:Key"] = AdminKey,
        ["Notifications:ApiKeys:4:Scopes:0"] = "admin",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Each_key_does_only_what_its_scopes_allow()
    {
        var send = Client(SendKey);
        var read = Client(ReadKey);
        var manage = Client(ManageKey);

        using var sent = await send.PostAsJsonAsync("/v1/notifications", new { user_id = "ana", message = "Your code is 1234", channel = "log" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var sendReads = await send.GetAsync($"/v1/notifications/{id}");
        using var sendChangesUser = await send.PutAsJsonAsync("/v1/users/ana", new { email = "ana@example.com" });
        using var readReads = await read.GetAsync($"/v1/notifications/{id}");
        using var readExports = await read.GetAsync("/v1/users/ana/export");
        using var readPreviews = await read.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "plan == \"enterprise\"" });
        using var readSends = await read.PostAsJsonAsync("/v1/notifications", new { user_id = "ana", message = "x", channel = "log" });
        using var readErases = await read.DeleteAsync("/v1/users/ana");
        using var manageChangesUser = await manage.PutAsJsonAsync("/v1/users/ana", new { email = "ana@example.com" });
        using var manageSends = await manage.PostAsJsonAsync("/v1/notifications/batch", new { notifications = new[] { new { user_id = "ana", message = "x", channel = "log" } } });
        using var manageReads = await manage.GetAsync("/v1/users/ana");
        using var legacySend = await read.PostAsJsonAsync("/notifications/send", new { user_id = "ana", message = "x" });

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await AssertForbiddenAsync(sendReads, "read");
        await AssertForbiddenAsync(sendChangesUser, "manage");
        Assert.Equal(HttpStatusCode.OK, readReads.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readExports.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readPreviews.StatusCode);
        await AssertForbiddenAsync(readSends, "send");
        await AssertForbiddenAsync(readErases, "manage");
        Assert.Equal(HttpStatusCode.OK, manageChangesUser.StatusCode);
        await AssertForbiddenAsync(manageSends, "send");
        await AssertForbiddenAsync(manageReads, "read");
        await AssertForbiddenAsync(legacySend, "send");
    }

    [Fact]
    public async Task Providers_and_the_silos_queues_are_for_operators_only()
    {
        var tenant = Client(TenantKey);
        var admin = Client(AdminKey);

        using var tenantProviders = await tenant.GetAsync("/v1/providers");
        using var adminProviders = await admin.GetAsync("/v1/providers");
        var tenantStats = await tenant.GetFromJsonAsync<JsonElement>("/v1/stats");
        var adminStats = await admin.GetFromJsonAsync<JsonElement>("/v1/stats");

        await AssertForbiddenAsync(tenantProviders, "admin");
        Assert.Equal(HttpStatusCode.OK, adminProviders.StatusCode);
        Assert.Equal(JsonValueKind.Null, tenantStats.GetProperty("now").ValueKind);
        Assert.Equal(JsonValueKind.Number, adminStats.GetProperty("now").GetProperty("in_progress").ValueKind);
    }

    [Fact]
    public async Task A_key_without_the_scope_of_an_inbox_call_is_refused_there_too()
    {
        using var inbox = await Client(SendKey).GetAsync("/v1/users/ana/inbox");
        using var token = await Client(SendKey).PostAsync("/v1/users/ana/inbox/token", null);

        await AssertForbiddenAsync(inbox, "read");
        await AssertForbiddenAsync(token, "manage");
    }

    private HttpClient Client(string key) => _silo.CreateClientWithKey(key);

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string scope)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"'{scope}'", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
