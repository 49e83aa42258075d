using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Grains;
using Notifications.Storage;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class V1ApiTests() : SiloWithSink(new() { ["Notifications:Limits:MaxRequestBodyBytes"] = "65536" })
{
    [Fact]
    public async Task A_title_that_would_break_an_email_header_is_refused_naming_the_field()
    {
        var refused = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "ana", title = "Order 17\r\nBcc: everyone@example.com", message = "Shipped" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("control characters", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("title")[0].GetString());
    }

    [Fact]
    public async Task Attributes_and_preferences_merged_over_many_updates_stop_at_the_users_limits()
    {
        var first = Enumerable.Range(0, 60).ToDictionary(i => $"a{i}", i => (object)i);
        var second = Enumerable.Range(60, 60).ToDictionary(i => $"a{i}", i => (object)i);
        var categories = Enumerable.Range(0, 200).ToDictionary(i => $"c{i}", _ => false);
        var moreCategories = Enumerable.Range(200, 100).ToDictionary(i => $"c{i}", _ => false);

        var taken = await Http.PutAsJsonAsync("/v1/users/grows", new { attributes = first });
        var refused = await Http.PutAsJsonAsync("/v1/users/grows", new { attributes = second });
        var afterRefusal = await Http.GetFromJsonAsync<JsonElement>("/v1/users/grows");
        var categoriesTaken = await Http.PatchAsJsonAsync("/v1/users/grows/preferences", new { categories });
        var categoriesRefused = await Http.PatchAsJsonAsync("/v1/users/grows/preferences", new { categories = moreCategories });

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("at most 100", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("attributes")[0].GetString());
        Assert.Equal(60, afterRefusal.GetProperty("attributes").EnumerateObject().Count());
        Assert.Equal(HttpStatusCode.OK, categoriesTaken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, categoriesRefused.StatusCode);
        Assert.True((await categoriesRefused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("categories", out _));
    }

    [Fact]
    public async Task Quiet_hours_are_set_shown_validated_and_removed()
    {
        var set = await Http.PatchAsJsonAsync("/v1/users/qh/preferences", new { quiet_hours = new { start = "22:00", end = "07:00" } });
        var invalid = await Http.PatchAsJsonAsync("/v1/users/qh/preferences", new { quiet_hours = new { start = "25:00", end = "07:00" } });
        var removed = await Http.PatchAsJsonAsync("/v1/users/qh/preferences", new { quiet_hours = new { start = "", end = "" } });

        Assert.Equal("22:00", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quiet_hours").GetProperty("start").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("quiet_hours", out _));
        Assert.Equal(JsonValueKind.Null, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quiet_hours").ValueKind);
    }

    [Fact]
    public async Task Engagements_are_recorded_once_each_and_an_unsubscribe_turns_the_category_off()
    {
        var id = await Http.SendNotificationAsync(new { user_id = "eng", message = "Weekly digest", category = "digest", channel = "inapp" });
        await WaitForStatusAsync(id, "delivered");

        var statuses = new List<HttpStatusCode>();
        foreach (var action in new[] { "delivered", "opened", "clicked", "opened", "dismissed", "ignored", "unsubscribed" })
        {
            statuses.Add((await Http.PostAsJsonAsync($"/v1/notifications/{id}/engagements", new { user_id = "eng", action })).StatusCode);
        }

        var legacy = await Http.PostAsJsonAsync("/engagements/track", new { notification_id = id, user_id = "eng", action = "unsubscribe" });
        var wrongUser = await Http.PostAsJsonAsync($"/v1/notifications/{id}/engagements", new { user_id = "someone", action = "opened" });
        var notification = await Http.GetNotificationAsync(id);
        var user = await Http.GetFromJsonAsync<JsonElement>("/v1/users/eng");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.NoContent, status));
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongUser.StatusCode);
        Assert.Equal(["delivered", "opened", "clicked", "dismissed", "ignored", "unsubscribed"], notification.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.False(user.GetProperty("categories").GetProperty("digest").GetBoolean());
    }

    [Fact]
    public async Task A_send_is_accepted_with_its_location_and_delivered_to_the_users_webhook()
    {
        await PutUserWithWebhookAsync("ana");

        var response = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "ana", title = "Security", message = "New sign-in", priority = "critical", category = "security", data = new { ip = "10.0.0.1" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/notifications/{id}", response.Headers.Location?.ToString());
        Assert.Equal("critical", accepted.GetProperty("priority").GetString());

        var delivered = await WaitForStatusAsync(id, "delivered");
        Assert.Equal(["accepted", "routing", "sending", "sent", "delivered"], delivered.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal("webhook", delivered.GetProperty("channel").GetString());
        var received = Assert.Single(Sink.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal(id, received.Id);
        Assert.Equal("10.0.0.1", received.Body.GetProperty("data").GetProperty("data").GetProperty("ip").GetString());
    }

    [Fact]
    public async Task Accepted_means_already_durable_in_the_database()
    {
        var response = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "durable", message = "Kept" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // Straight to the file, past every cache: the row is there the moment the caller hears "accepted".
        await using var connection = new SqliteConnection($"Data Source={Silo.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE grain_type = 'notification' AND grain_key = $id";
        command.Parameters.AddWithValue("$id", id);
        var data = (byte[]?)await command.ExecuteScalarAsync();

        Assert.NotNull(data);
        var protector = Silo.Services.GetRequiredService<AesGcmStateProtector>();
        var state = protector.Unprotect(GrainId.Create("notification", id!), "notification", data);
        Assert.Contains("Kept", Encoding.UTF8.GetString(state));
    }

    [Fact]
    public async Task Personal_data_and_secrets_are_encrypted_at_rest()
    {
        const string url = "https://hooks.example.com/very-personal-endpoint";
        const string secret = "whsec_c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1iZS1vbi1kaXNr";
        var user = await Http.PutAsJsonAsync("/v1/users/secretive", new { webhook = new { url, secret } });
        user.EnsureSuccessStatusCode();
        var sent = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "secretive", message = "Your diagnosis is ready" });
        sent.EnsureSuccessStatusCode();

        // Every byte SQLite has written, the write-ahead log included.
        var onDisk = string.Concat(Directory.GetFiles(Path.GetDirectoryName(Silo.DatabasePath)!, "notifications.db*")
            .Select(path => Encoding.UTF8.GetString(ReadShared(path))));

        Assert.DoesNotContain("very-personal-endpoint", onDisk);
        Assert.DoesNotContain("c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1iZS1vbi1kaXNr", onDisk);
        Assert.DoesNotContain("Your diagnosis is ready", onDisk);
        Assert.Contains("secretive", onDisk);
        Assert.Equal(url, (await Http.GetFromJsonAsync<JsonElement>("/v1/users/secretive")).GetProperty("webhook").GetProperty("url").GetString());
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_notification_and_sends_once()
    {
        await PutUserWithWebhookAsync("ben");
        var body = new { user_id = "ben", message = "Your OTP is 4242", priority = "critical" };

        var first = await SendWithKeyAsync(body, "otp-1");
        var second = await SendWithKeyAsync(body, "otp-1");
        var conflict = await SendWithKeyAsync(new { user_id = "ben", message = "Your OTP is 9999", priority = "critical" }, "otp-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);

        await WaitForStatusAsync(id, "delivered");
        await Task.Delay(200);
        Assert.Single(Sink.Received);
    }

    [Fact]
    public async Task A_batch_is_accepted_item_by_item_and_a_bad_item_is_named()
    {
        var bad = await Http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = new object[] { new { user_id = "c1", message = "ok" }, new { user_id = "c2" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("notifications[1].message", out _));

        var batch = await Http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = Enumerable.Range(0, 50).Select(i => new { user_id = $"c{i}", message = $"Item {i}" }) });

        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        var results = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(0, 50), results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(50, results.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        foreach (var result in results)
        {
            await WaitForStatusAsync(result.GetProperty("id").GetString()!, "delivered");
        }
    }

    [Fact]
    public async Task A_batch_item_reads_as_accepted_while_its_batch_delivers_and_as_its_own_notification_after()
    {
        await PutUserWithWebhookAsync("bat");
        var release = new TaskCompletionSource();
        Sink.Hold = _ => release.Task;
        string[] ids;
        try
        {
            var batch = await Http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = new[] { new { user_id = "bat", message = "One" }, new { user_id = "bat", message = "Two" } } });
            ids = [.. (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
            await Eventually.TrueAsync(() => Task.FromResult(!Sink.Received.IsEmpty), "the first delivery to be under way", TimeSpan.FromSeconds(10));
            var pending = await Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{ids[1]}");
            var cancel = await Http.PostAsync($"/v1/notifications/{ids[1]}/cancel", null);

            Assert.Equal("accepted", pending.GetProperty("status").GetString());
            Assert.Equal("Two", pending.GetProperty("message").GetString());
            Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        }
        finally
        {
            release.SetResult();
        }

        var delivered = await WaitForStatusAsync(ids[1], "delivered");
        var opened = await Http.PostAsJsonAsync($"/v1/notifications/{ids[1]}/engagements", new { user_id = "bat", action = "opened" });
        var read = await Http.GetNotificationAsync(ids[1]);

        Assert.Equal("Two", delivered.GetProperty("message").GetString());
        Assert.Equal(["accepted", "routing", "sending", "sent", "delivered"], delivered.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        Assert.Equal(["opened"], read.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("delivered", (await Http.GetNotificationAsync(ids[0])).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Single_sends_arriving_together_are_accepted_together_and_each_is_delivered_and_read_on_its_own()
    {
        await PutUserWithWebhookAsync("crowd");

        var ids = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Http.SendNotificationAsync(new { user_id = "crowd", message = $"Hello {i}" })));

        // While the first accepts are being stored, the sends behind them gather into pages, whose ids name the page.
        Assert.Contains(ids, id => FanOutNotificationId.PageOf(id) is not null);
        Assert.Equal(300, ids.Distinct().Count());
        await Eventually.TrueAsync(() => Task.FromResult(Sink.Accepted.Distinct().Count() == 300), "every send to reach the webhook", TimeSpan.FromSeconds(30));
        foreach (var id in ids.Take(20).Concat(ids.TakeLast(20)))
        {
            var read = await WaitForStatusAsync(id, "delivered");
            Assert.Equal("crowd", read.GetProperty("user_id").GetString());
        }
    }

    [Fact]
    public async Task A_delivered_notification_cannot_be_cancelled_and_unknown_ids_are_404()
    {
        var response = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "dee", message = "Fast" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(id, "delivered");

        var cancel = await Http.PostAsync($"/v1/notifications/{id}/cancel", null);
        var unknown = await Http.GetAsync("/v1/notifications/does-not-exist");
        var cancelUnknown = await Http.PostAsync("/v1/notifications/does-not-exist/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, cancelUnknown.StatusCode);
    }

    [Fact]
    public async Task A_notification_waiting_to_retry_can_be_cancelled()
    {
        Sink.Respond = _ => 503;
        await PutUserWithWebhookAsync("eve");
        var response = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "eve", message = "Maybe" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(id, "scheduled");

        var cancel = await Http.PostAsync($"/v1/notifications/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{not json", "$")]
    [InlineData("""{"user_id":"f","message":"x","priority":"urgent"}""", "priority")]
    [InlineData("""{"user_id":"f","message":"x","channel":"carrier-pigeon"}""", "channel")]
    [InlineData("""{"user_id":"f","message":"x","category":"Not Valid"}""", "category")]
    [InlineData("""{"user_id":"f","message":""}""", "message")]
    [InlineData("""[1,2]""", "$")]
    [InlineData("""{"user_id":"f","message":"x","delivery_mode":"twice"}""", "delivery_mode")]
    [InlineData("""{"user_id":"f","message":"x","send_at":"2030-01-01T00:00:00Z","send_at_local":"2030-01-01T09:00:00"}""", "send_at_local")]
    [InlineData("""{"user_id":"f","message":"x","send_at_local":"2030-01-01T09:00:00Z"}""", "send_at_local")]
    [InlineData("""{"user_id":"f","message":"x","send_at":"2099-01-01T00:00:00Z"}""", "send_at")]
    [InlineData("""{"user_id":"f","message":"x","expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"user_id":"f","message":"x","send_at":"2030-01-02T00:00:00Z","expires_at":"2030-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"user_id":"f","message":"x","dedupe_window_seconds":60}""", "dedupe_window_seconds")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        var response = await Http.PostAsync("/v1/notifications", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task Data_larger_than_a_webhook_receiver_should_expect_is_a_400_naming_data()
    {
        var data = Enumerable.Range(0, 10).ToDictionary(i => $"k{i}", _ => new string('x', 1000));

        var response = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "f", message = "x", data });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("8192", errors.GetProperty("data")[0].GetString());
    }

    [Fact]
    public async Task Oversized_bodies_are_413_and_non_json_is_415()
    {
        var huge = JsonSerializer.Serialize(new { user_id = "g", message = new string('x', 100_000) });

        var tooLarge = await Http.PostAsync("/v1/notifications", new StringContent(huge, Encoding.UTF8, "application/json"));
        var notJson = await Http.PostAsync("/v1/notifications", new StringContent("user_id=g", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Users_are_created_read_and_validated()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/v1/users/nobody")).StatusCode);

        var badUrl = await Http.PutAsJsonAsync("/v1/users/hana", new { webhook = new { url = "ftp://example" } });
        var badSecret = await Http.PutAsJsonAsync("/v1/users/hana", new { webhook = new { url = "https://example.com/hook", secret = "whsec_short" } });
        var created = await Http.PutAsJsonAsync("/v1/users/hana", new { language = "de-AT", webhook = new { url = "https://example.com/hook" } });
        var preferences = await Http.PatchAsJsonAsync("/v1/users/hana/preferences", new { channels = new Dictionary<string, bool> { ["webhook"] = false }, categories = new Dictionary<string, bool> { ["marketing"] = false } });
        var unknownChannel = await Http.PatchAsJsonAsync("/v1/users/hana/preferences", new { channels = new Dictionary<string, bool> { ["fax"] = false } });

        Assert.True((await badUrl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("webhook.url", out _));
        Assert.True((await badSecret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("webhook.secret", out _));
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("de-AT", user.GetProperty("language").GetString());
        Assert.StartsWith("whsec_", user.GetProperty("webhook").GetProperty("secret").GetString());
        // Shown once: not in a read, an export or the answer to an update that left it as it was.
        var read = await Http.GetFromJsonAsync<JsonElement>("/v1/users/hana");
        var exported = await Http.GetFromJsonAsync<JsonElement>("/v1/users/hana/export");
        var untouched = await (await Http.PutAsJsonAsync("/v1/users/hana", new { language = "de-DE", webhook = new { url = "https://example.com/hook" } })).Content.ReadFromJsonAsync<JsonElement>();
        var rotated = await (await Http.PutAsJsonAsync("/v1/users/hana", new { webhook = new { url = "https://example.com/hook", secret = Notifications.Grains.WebhookSecret.Generate() } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, read.GetProperty("webhook").GetProperty("secret").ValueKind);
        Assert.DoesNotContain("whsec_", exported.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, untouched.GetProperty("webhook").GetProperty("secret").ValueKind);
        Assert.StartsWith("whsec_", rotated.GetProperty("webhook").GetProperty("secret").GetString());
        var updated = await preferences.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("webhook", updated.GetProperty("disabled_channels")[0].GetString());
        Assert.False(updated.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, unknownChannel.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_health_endpoints_are_served()
    {
        var openApi = await Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Contains("/v1/notifications", paths);
        Assert.Contains("/v1/notifications/{id}", paths);
        Assert.Contains("/notifications/send", paths);
        // A call behind a key documents how the key can be refused, the inbox's too.
        foreach (var (path, method) in new[] { ("/v1/notifications", "post"), ("/v1/users/{userId}/inbox", "get") })
        {
            var responses = openApi.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _) && responses.TryGetProperty("403", out _), $"{method} {path} documents 401 and 403");
        }

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public void Configuration_files_are_not_watched_for_changes()
    {
        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)Silo.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        var files = configuration.Providers.OfType<Microsoft.Extensions.Configuration.FileConfigurationProvider>().ToArray();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, file.Source.Path));
    }

    private Task<HttpResponseMessage> SendWithKeyAsync(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return Http.SendAsync(request);
    }
}
