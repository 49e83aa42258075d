using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class InboxTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new(new() { ["Notifications:Inbox:StreamHeartbeat"] = "00:00:00.300" });
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_connected_client_gets_each_notification_live_and_the_inbox_keeps_them_with_read_and_archive_marks()
    {
        using var stream = await OpenStreamAsync("ivy");
        var first = await stream.NextAsync();

        var n1 = await SendAsync("ivy", "Your parcel is out for delivery", "Parcel");
        var arrived1 = await stream.NextAsync();
        var n2 = await SendAsync("ivy", "It was delivered", "Parcel");
        var arrived2 = await stream.NextAsync();
        await WaitForStatusAsync(n2, "delivered");

        var inbox = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ivy/inbox");
        var read = await _http.PostAsJsonAsync("/v1/users/ivy/inbox/read", new { ids = new[] { n1 } });
        var afterRead = await stream.NextAsync();
        var archived = await _http.PostAsJsonAsync("/v1/users/ivy/inbox/archive", new { ids = new[] { n2 } });
        var afterArchive = await stream.NextAsync();
        var active = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ivy/inbox");
        var archive = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ivy/inbox?filter=archived");
        var unread = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ivy/inbox?filter=unread");

        Assert.Equal(("unread_count", 0), (first.Event, first.Data.GetProperty("unread_count").GetInt32()));
        Assert.Equal(("notification", n1, 1), (arrived1.Event, arrived1.Data.GetProperty("notification").GetProperty("notification_id").GetString(), arrived1.Data.GetProperty("unread_count").GetInt32()));
        Assert.Equal("Parcel", arrived1.Data.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal(("notification", n2, 2), (arrived2.Event, arrived2.Data.GetProperty("notification").GetProperty("notification_id").GetString(), arrived2.Data.GetProperty("unread_count").GetInt32()));
        Assert.Equal([n2, n1], inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification_id").GetString()));
        Assert.Equal(2, inbox.GetProperty("unread_count").GetInt32());
        Assert.Equal(1, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread_count").GetInt32());
        Assert.Equal(("unread_count", 1), (afterRead.Event, afterRead.Data.GetProperty("unread_count").GetInt32()));
        Assert.Equal(1, (await archived.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal(("unread_count", 0), (afterArchive.Event, afterArchive.Data.GetProperty("unread_count").GetInt32()));
        Assert.Equal([n1], active.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification_id").GetString()));
        Assert.NotEqual(JsonValueKind.Null, active.GetProperty("items")[0].GetProperty("read_at").ValueKind);
        Assert.Equal([n2], archive.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification_id").GetString()));
        Assert.Empty(unread.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_quiet_stream_sends_pings_to_keep_the_connection_open()
    {
        using var stream = await OpenStreamAsync("kay");

        var first = await stream.NextAsync();
        var quiet = await stream.NextAsync(pings: true);

        Assert.Equal("unread_count", first.Event);
        Assert.Equal("ping", quiet.Event);
    }

    [Fact]
    public async Task A_user_who_is_not_connected_finds_the_notifications_in_the_inbox_page_by_page()
    {
        // One after the other: the inbox lists newest first, and sends in flight at once may arrive in any order.
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SendAsync("joe", $"Message {i}", null));
            await WaitForStatusAsync(ids[^1], "delivered");
        }

        var firstPage = await _http.GetFromJsonAsync<JsonElement>("/v1/users/joe/inbox?limit=3");
        var cursor = firstPage.GetProperty("next_cursor").GetString();
        var secondPage = await _http.GetFromJsonAsync<JsonElement>($"/v1/users/joe/inbox?limit=3&cursor={cursor}");
        var all = await _http.PostAsJsonAsync("/v1/users/joe/inbox/read", new { all = true });
        var invalid = await _http.PostAsJsonAsync("/v1/users/joe/inbox/archive", new { all = true });

        ids.Reverse();
        Assert.Equal(ids.Take(3), firstPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification_id").GetString()));
        Assert.Equal(ids.Skip(3), secondPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification_id").GetString()));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next_cursor").ValueKind);
        Assert.Equal(5, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType!.MediaType);
    }

    private async Task<string> SendAsync(string userId, string message, string? title)
    {
        var response = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = userId, message, title, channel = "inapp" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task WaitForStatusAsync(string id, string status) =>
        await Eventually.TrueAsync(async () => (await _http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")).GetProperty("status").GetString() == status, $"{id} to be {status}");

    private Task<EventStreamReader> OpenStreamAsync(string userId) => EventStreamReader.OpenAsync(_http, $"/v1/users/{userId}/inbox/stream");
}
