using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>The original design's API, answered exactly as written there.</summary>
public sealed class OriginalApiTests : IAsyncLifetime
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
    public async Task Send_then_status_then_engagement_answer_in_the_original_shapes()
    {
        var send = await _http.PostAsJsonAsync("/notifications/send", new { user_id = "u1", message = "Hi", priority = "high", language = "en", device_id = "phone-1" });
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var sent = await send.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["status", "notification_id", "message"], sent.EnumerateObject().Select(p => p.Name));
        Assert.Equal("success", sent.GetProperty("status").GetString());
        Assert.Equal("Notification sent successfully.", sent.GetProperty("message").GetString());
        var id = sent.GetProperty("notification_id").GetString()!;

        JsonElement status = default;
        await Eventually.TrueAsync(async () =>
        {
            status = await _http.GetFromJsonAsync<JsonElement>($"/notifications/{id}/status");
            return status.GetProperty("status").GetString() == "delivered";
        }, "the notification to be delivered");
        Assert.Equal(["notification_id", "status", "delivered_at"], status.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, status.GetProperty("notification_id").GetString());
        Assert.True(status.GetProperty("delivered_at").TryGetDateTimeOffset(out var deliveredAt));
        Assert.EndsWith("Z", status.GetProperty("delivered_at").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, deliveredAt.Offset);

        var track = await _http.PostAsJsonAsync("/engagements/track", new { notification_id = id, user_id = "u1", action = "opened" });
        Assert.Equal(HttpStatusCode.OK, track.StatusCode);
        Assert.Equal("""{"status":"success","message":"Engagement recorded successfully."}""", await track.Content.ReadAsStringAsync());
        foreach (var action in new[] { "clicked", "ignored", "dismissed" })
        {
            (await _http.PostAsJsonAsync("/engagements/track", new { notification_id = id, user_id = "u1", action })).EnsureSuccessStatusCode();
        }

        var details = await _http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}");
        Assert.Equal(["opened", "clicked", "ignored", "dismissed"], details.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        // u1 has no such device, so the user's endpoints took it; the request keeps the device it was aimed at.
        Assert.Equal("phone-1", details.GetProperty("device_id").GetString());
        Assert.Equal("phone-1", details.GetProperty("data").GetProperty("device_id").GetString());
    }

    [Fact]
    public async Task Devices_are_named_once_each_so_a_send_can_aim_at_one()
    {
        var twice = await _http.PutAsJsonAsync("/v1/users/u3", new { devices = new[] { new { kind = "fcm", token = "fcm-a", id = "phone" }, new { kind = "fcm", token = "fcm-b", id = "phone" } } });
        var once = await _http.PutAsJsonAsync("/v1/users/u3", new { devices = new[] { new { kind = "fcm", token = "fcm-a", id = "phone" }, new { kind = "fcm", token = "fcm-b", id = "tablet" } } });
        var user = await _http.GetFromJsonAsync<JsonElement>("/v1/users/u3");

        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.True((await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("devices[1].id", out _));
        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        Assert.Equal(["phone", "tablet"], user.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Preferences_update_maps_language_and_categories_onto_the_user()
    {
        var update = await _http.PostAsJsonAsync("/users/u2/preferences/update", new { preferences = new { language = "es", marketing_notifications = false, webhook_notifications = false } });

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("""{"status":"success","message":"Preferences updated successfully."}""", await update.Content.ReadAsStringAsync());
        var user = await _http.GetFromJsonAsync<JsonElement>("/v1/users/u2");
        Assert.Equal("es", user.GetProperty("language").GetString());
        Assert.False(user.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.Equal("webhook", user.GetProperty("disabled_channels")[0].GetString());

        var marketing = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = "u2", message = "Sale", category = "marketing" });
        var id = (await marketing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Eventually.TrueAsync(async () => (await _http.GetFromJsonAsync<JsonElement>($"/notifications/{id}/status")).GetProperty("status").GetString() == "suppressed", "the marketing notification to be suppressed");
    }

    [Theory]
    [InlineData("""{"message":"Hi"}""", "user_id")]
    [InlineData("""{"user_id":"u1"}""", "message")]
    [InlineData("""{"user_id":"u1","message":"Hi","priority":"urgent"}""", "priority")]
    [InlineData("""{"user_id":"u1","message":"Hi","language":"not a language"}""", "language")]
    [InlineData("""{"user_id":"u/1","message":"Hi"}""", "user_id")]
    [InlineData("""{"user_id":"u1","message":42}""", "message")]
    public async Task A_bad_send_is_a_problem_naming_the_field(string body, string field)
    {
        var response = await _http.PostAsync("/notifications/send", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_notifications_and_engagements_are_404_problems()
    {
        var status = await _http.GetAsync("/notifications/0000000000000000000000000000dead/status");
        var track = await _http.PostAsJsonAsync("/engagements/track", new { notification_id = "nope", user_id = "u1", action = "clicked" });

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("application/problem+json", status.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, track.StatusCode);
    }
}
