using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class RetentionSettingsTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_tenant_sets_its_retention_in_days_within_bounds()
    {
        using var http = _silo.CreateClient();
        var unset = await http.GetFromJsonAsync<JsonElement>("/v1/settings");
        using var set = await http.PutAsJsonAsync("/v1/settings", new { retention_days = 7 });
        var read = await http.GetFromJsonAsync<JsonElement>("/v1/settings");
        using var zero = await http.PutAsJsonAsync("/v1/settings", new { retention_days = 0 });
        using var tooLong = await http.PutAsJsonAsync("/v1/settings", new { retention_days = 5000 });

        Assert.True(unset.GetProperty("retention_days").ValueKind == JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(7, read.GetProperty("retention_days").GetInt32());
        foreach (var refused in new[] { zero, tooLong })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("retention_days", out _));
        }
    }
}
