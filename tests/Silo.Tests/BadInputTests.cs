using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>Hand-made bad input (nulls inside lists and maps, keys given twice, lines that are not objects) gets a 400 naming the field, never a 500.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("PUT", "/v1/users/ana", """{"devices": [null]}""", "devices[0]")]
    [InlineData("PUT", "/v1/users/ana", """{"email": "a@example.org", "email": "b@example.org"}""", "email")]
    [InlineData("PATCH", "/v1/users/ana/preferences", """{"category_channels": {"orders": null}}""", "category_channels.orders")]
    [InlineData("POST", "/v1/notifications", """{"user_id": "ana", "message": "Hi", "channels": [null]}""", "channels[0]")]
    [InlineData("POST", "/v1/notifications", """{"user_id": "ana", "message": "Hi", "message": "Bye"}""", "message")]
    [InlineData("POST", "/v1/notifications", """{"user_id": "..", "message": "Hi"}""", "user_id")]
    [InlineData("POST", "/users/ana/preferences/update", """{"preferences": {"email_notifications": true}, "preferences": {}}""", "preferences")]
    [InlineData("POST", "/v1/notifications/batch", """{"notifications": [{"user_id": "ana", "message": "Hi", "channels": [null]}]}""", "notifications[0].channels[0]")]
    public async Task A_body_that_breaks_its_contract_is_refused_naming_the_field(string method, string path, string body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), $"the answer names {field}");
    }

    [Theory]
    [InlineData("/v1/topics?limit=abc", "limit")]
    [InlineData("/v1/dead-letters?limit=99999999999999999999", "limit")]
    [InlineData("/v1/templates/welcome?version=1.5", "version")]
    public async Task A_query_value_that_is_not_of_its_type_is_refused_naming_the_parameter(string path, string parameter)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _), $"the answer names {parameter}");
    }

    [Fact]
    public async Task Import_lines_that_are_not_objects_or_break_the_contract_are_counted_and_the_rest_imported()
    {
        const string ndjson = "null\n[1]\n\"x\"\n{\"user_id\": \"x\", \"devices\": [null]}\n{\"user_id\": \"y\", \"email\": \"a@example.org\", \"email\": \"b@example.org\"}\n{\"user_id\": \"fine\"}\n";

        var lines = await _http.PostAsync("/v1/users/import", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));
        var csv = await _http.PostAsync("/v1/users/import", new StringContent("user_id,email,email\nbo,a@example.org,b@example.org\n", Encoding.UTF8, "text/csv"));
        var afterwards = await _http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, lines.StatusCode);
        var result = await lines.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1L, 5L), (result.GetProperty("imported").GetInt64(), result.GetProperty("failed").GetInt64()));
        Assert.True(result.GetProperty("errors")[3].GetProperty("errors").TryGetProperty("devices[0]", out _));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvResult = await csv.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0L, 1L), (csvResult.GetProperty("imported").GetInt64(), csvResult.GetProperty("failed").GetInt64()));
        Assert.Contains("named twice", csvResult.GetProperty("errors")[0].GetProperty("errors").GetProperty("$")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }
}
