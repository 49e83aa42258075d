using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class InboxTokenTests : IAsyncLifetime
{
    private const string ApiKey = "inbox-token-tests-key-0123";

    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:ApiKeys:0:Tenant"] = "acme",
        ["Notifications:ApiKeys:0:Key"] = ApiKey,
    });

    private HttpClient _backend = null!;

    public Task InitializeAsync()
    {
        _backend = _silo.CreateClientWithKey(ApiKey);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task An_inbox_token_opens_that_users_inbox_and_stream_and_nothing_else()
    {
        var sent = await _backend.PostAsJsonAsync("/v1/notifications", new { user_id = "ivy", message = "Welcome", channel = "inapp" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Eventually.TrueAsync(async () => (await _backend.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")).GetProperty("status").GetString() == "delivered", "delivery");
        var issued = await (await _backend.PostAsync("/v1/users/ivy/inbox/token", null)).Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString()!;
        var app = _silo.CreateClient();

        var inbox = await Get(app, "/v1/users/ivy/inbox", token);
        var read = await Send(app, HttpMethod.Post, "/v1/users/ivy/inbox/read", token, JsonContent.Create(new { all = true }));
        using var stream = await app.GetAsync($"/v1/users/ivy/inbox/stream?access_token={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead);
        var otherUser = await Get(app, "/v1/users/joe/inbox", token);
        var notifications = await Send(app, HttpMethod.Post, "/v1/notifications", token, JsonContent.Create(new { user_id = "ivy", message = "Spoofed" }));
        var user = await Get(app, "/v1/users/ivy", token);
        var tampered = await Get(app, "/v1/users/ivy/inbox", token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));
        var withoutAnything = await app.GetAsync("/v1/users/ivy/inbox");
        var apiKeyInQuery = await app.GetAsync($"/v1/users/ivy/inbox?access_token={ApiKey}");

        Assert.True(issued.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Equal(id, (await inbox.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("notification_id").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notifications.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, user.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutAnything.StatusCode);
        // An API key is never taken from a URL, which logs and Referer headers keep.
        Assert.Equal(HttpStatusCode.Unauthorized, apiKeyInQuery.StatusCode);
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, string token) => Send(http, HttpMethod.Get, path, token, null);

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
