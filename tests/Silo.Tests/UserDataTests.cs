using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class UserDataTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Users_stream_in_as_NDJSON_and_each_bad_line_is_reported_by_number()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 12_000; i++)
        {
            var line = i switch
            {
                10 => """{"user_id": "u10", "email": "not-an-address"}""",
                20 => """{"email": "nobody@example.org"}""",
                30 => """{"user_id": "u30", "email": """,
                _ => JsonSerializer.Serialize(new { user_id = $"u{i}", email = $"u{i}@example.org", language = "de", attributes = new { plan = i % 2 == 0 ? "pro" : "free" } }),
            };
            body.Append(line).Append('\n');
        }

        // Larger than the silo's limit for other requests (1 MiB): an import is as long as the user base.
        Assert.True(Encoding.UTF8.GetByteCount(body.ToString()) > 1_048_576);
        var response = await _http.PostAsync("/v1/users/import", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var user = await _http.GetFromJsonAsync<JsonElement>("/v1/users/u11999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(11_997, result.GetProperty("imported").GetInt64());
        Assert.Equal(3, result.GetProperty("failed").GetInt64());
        var errors = result.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([11L, 21L, 31L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.True(errors[0].GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(errors[1].GetProperty("errors").TryGetProperty("user_id", out _));
        Assert.True(errors[2].GetProperty("errors").TryGetProperty("$", out _));
        Assert.Equal(("u11999@example.org", "de", "free"), (user.GetProperty("email").GetString(), user.GetProperty("language").GetString(), user.GetProperty("attributes").GetProperty("plan").GetString()));
    }

    [Fact]
    public async Task A_line_longer_than_an_import_takes_is_skipped_as_it_streams_by_and_counted()
    {
        // 300 KiB with no newline in between: never held whole, and the lines after it still count.
        var body = new StringBuilder();
        body.Append("""{"user_id": "before", "email": "before@example.org"}""").Append('\n');
        body.Append("""{"user_id": "huge", "attributes": {"note": """).Append('"').Append('x', 300 * 1024).Append("\"}}\n");
        body.Append("""{"user_id": "after", "email": "after@example.org"}""").Append('\n');

        var response = await _http.PostAsync("/v1/users/import", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var huge = await _http.GetAsync("/v1/users/huge");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2L, 1L), (result.GetProperty("imported").GetInt64(), result.GetProperty("failed").GetInt64()));
        var error = result.GetProperty("errors")[0];
        Assert.Equal(2, error.GetProperty("line").GetInt64());
        Assert.Contains("Longer than 65536 bytes", error.GetProperty("errors").GetProperty("$")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, huge.StatusCode);
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_taken_whatever_its_line_ending_and_byte_order_mark()
    {
        static string Line(string userId)
        {
            var start = $"{{\"user_id\": \"{userId}\"";
            return start + new string(' ', 65_536 - start.Length - 1) + "}";
        }

        var body = "\uFEFF" + Line("first") + "\r\n" + Line("second") + "\r\n" + Line("third");

        var response = await _http.PostAsync("/v1/users/import", new StringContent(body, new UTF8Encoding(false), "application/x-ndjson"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((3L, 0L), (result.GetProperty("imported").GetInt64(), result.GetProperty("failed").GetInt64()));
    }

    [Fact]
    public async Task An_import_larger_than_the_service_takes_stops_with_413_saying_how_far_it_got()
    {
        await using var silo = new SiloFactory(new() { ["Notifications:Limits:MaxImportBytes"] = "4096" });
        using var http = silo.CreateClient();
        var csv = new StringBuilder("user_id,email\n");
        for (var i = 0; i < 400; i++)
        {
            csv.Append($"big{i},big{i}@example.org\n");
        }

        var response = await http.PostAsync("/v1/users/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("users were imported", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Users_stream_in_as_CSV_with_other_columns_as_attributes()
    {
        const string csv = "user_id,email,phone,country,plan\nada,ada@example.org,+4915100000001,DE,pro\nbob,,+4915100000002,\"AT\",\"team, annual\"\neve,eve@example.org\n";

        var response = await _http.PostAsync("/v1/users/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var bob = await _http.GetFromJsonAsync<JsonElement>("/v1/users/bob");
        var wrongType = await _http.PostAsync("/v1/users/import", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal((2L, 1L), (result.GetProperty("imported").GetInt64(), result.GetProperty("failed").GetInt64()));
        Assert.Equal(4, result.GetProperty("errors")[0].GetProperty("line").GetInt64());
        Assert.Equal("+4915100000002", bob.GetProperty("phone").GetString());
        Assert.Equal(("AT", "team, annual"), (bob.GetProperty("attributes").GetProperty("country").GetString(), bob.GetProperty("attributes").GetProperty("plan").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Everything_held_about_a_user_is_exported_as_one_JSON_document()
    {
        (await _http.PutAsJsonAsync("/v1/users/hal", new { email = "hal@example.org", language = "en", attributes = new { plan = "pro" } })).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync("/v1/topics", new { id = "news", name = "News" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/topics/news/subscribers/hal", new { })).EnsureSuccessStatusCode();
        var inApp = await _http.SendNotificationAsync(new { user_id = "hal", message = "Your order shipped", channel = "inapp", data = new { order = "A-1" } });
        var logged = await _http.SendNotificationAsync(new { user_id = "hal", message = "Welcome", channel = "log" });
        var someoneElse = await _http.SendNotificationAsync(new { user_id = "ivy", message = "Not Hal's", channel = "log" });
        await _http.WaitForStatusAsync(inApp, "delivered");
        await _http.WaitForStatusAsync(logged, "delivered");

        var response = await _http.GetAsync("/v1/users/hal/export");
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        var nobody = await _http.GetAsync("/v1/users/nobody/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var user = export.GetProperty("user");
        Assert.Equal(("hal@example.org", "pro", "news"), (user.GetProperty("email").GetString(), user.GetProperty("attributes").GetProperty("plan").GetString(), user.GetProperty("topics")[0].GetString()));
        Assert.Equal("Your order shipped", export.GetProperty("inbox")[0].GetProperty("message").GetString());
        var notifications = export.GetProperty("notifications").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        Assert.Equal(new[] { inApp, logged }.Order(), notifications.Keys.Order());
        Assert.DoesNotContain(someoneElse, notifications.Keys);
        Assert.Equal("A-1", notifications[inApp].GetProperty("data").GetProperty("order").GetString());
        Assert.NotEmpty(notifications[logged].GetProperty("history").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
    }

    [Fact]
    public async Task A_batch_is_in_each_recipients_export_and_is_erased_with_them_whether_or_not_they_have_a_profile()
    {
        (await _http.PutAsJsonAsync("/v1/users/kim", new { email = "kim@example.org" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/users/lee", new { email = "lee@example.org" })).EnsureSuccessStatusCode();
        var batch = await _http.PostAsJsonAsync("/v1/notifications/batch", new
        {
            notifications = new[] { ("kim", "Kim's first"), ("lee", "Lee's"), ("zed", "Zed's"), ("kim", "Kim's second") }
                .Select(n => new { user_id = n.Item1, message = n.Item2, channel = "log" }),
        });
        var ids = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        foreach (var id in ids)
        {
            await _http.WaitForStatusAsync(id, "delivered");
        }

        async Task<string[]> ExportedAsync(string userId) => (await _http.GetFromJsonAsync<JsonElement>($"/v1/users/{userId}/export"))
            .GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order().ToArray();
        var kim = await ExportedAsync("kim");
        var zed = await ExportedAsync("zed");
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        var kimsOwnRecords = await grains.GetGrain<Notifications.Grains.IUserRecordsGrain>(Notifications.Grains.UserKey.For("default", "kim")).GetAsync();
        var kimsPage = await grains.GetGrain<Notifications.Grains.IUserGrain>(Notifications.Grains.UserKey.For("default", "kim")).DirectoryPageAsync();
        var pageLog = await grains.GetGrain<Notifications.Grains.IUserRecordsGrain>(
            Notifications.Grains.DirectoryKey.SendsOver(Notifications.Grains.DirectoryKey.UserPage("default", kimsPage!.Value))).GetAsync();
        var deleted = await _http.DeleteAsync("/v1/users/kim");
        var afterwards = await Task.WhenAll(ids.Select(id => _http.GetNotificationAsync(id)));

        Assert.Equal(new[] { ids[0], ids[3] }.Order(), kim);
        // Zed has no profile: the batch is among their own records. Kim and Lee are listed in the tenant's directory,
        // whose page logs the batch once for both of them.
        Assert.Equal([ids[2]], zed);
        Assert.Empty(kimsOwnRecords.Recent);
        // The log names who on the page the batch holds, so that an export asks only the batches that may hold the user.
        var logged = Assert.Single(pageLog.Recent);
        Assert.Equal(new[] { "kim", "lee" }.Select(Notifications.Grains.StableHash.Of).Order(), logged.Recipients!.Order());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(["", "Lee's", "Zed's", ""], afterwards.Select(n => n.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_deleted_user_is_gone_with_their_contacts_inbox_topics_and_what_their_notifications_said()
    {
        (await _http.PutAsJsonAsync("/v1/users/gus", new { email = "gus@example.org", phone = "+4915100000009", attributes = new { plan = "pro" } })).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync("/v1/topics", new { id = "deals", name = "Deals" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/topics/deals/subscribers/gus", new { })).EnsureSuccessStatusCode();
        var delivered = await _http.SendNotificationAsync(new { user_id = "gus", title = "Hi Gus", message = "Your code is 123456", channel = "inapp", data = new { code = "123456" } });
        var scheduled = await _http.SendNotificationAsync(new { user_id = "gus", message = "Tomorrow's reminder", channel = "inapp", send_at = DateTimeOffset.UtcNow.AddDays(1) });
        var other = await _http.SendNotificationAsync(new { user_id = "ivy", message = "Ivy keeps hers", channel = "inapp" });
        await _http.WaitForStatusAsync(delivered, "delivered");
        await _http.WaitForStatusAsync(other, "delivered");

        var deleted = await _http.DeleteAsync("/v1/users/gus");
        var again = await _http.DeleteAsync("/v1/users/gus");
        var user = await _http.GetAsync("/v1/users/gus");
        var inbox = await _http.GetFromJsonAsync<JsonElement>("/v1/users/gus/inbox?filter=all");
        var erased = await _http.GetNotificationAsync(delivered);
        var cancelled = await _http.GetNotificationAsync(scheduled);
        var kept = await _http.GetNotificationAsync(other);
        var topic = await _http.GetFromJsonAsync<JsonElement>("/v1/topics/deals");
        var export = await _http.GetAsync("/v1/users/gus/export");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, user.StatusCode);
        Assert.Empty(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal(("delivered", "", JsonValueKind.Null, JsonValueKind.Null), (erased.GetProperty("status").GetString(), erased.GetProperty("message").GetString(),
            erased.GetProperty("title").ValueKind, erased.GetProperty("data").ValueKind));
        Assert.Equal(("cancelled", "The user was deleted."), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString()));
        Assert.Equal("Ivy keeps hers", kept.GetProperty("message").GetString());
        Assert.Equal(0, topic.GetProperty("subscriber_count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
    }
}
