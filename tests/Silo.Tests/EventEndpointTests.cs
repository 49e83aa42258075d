using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>
/// Event endpoints as a tenant's application uses them: registered over HTTP, then receiving, signed and in order for
/// each notification, what became of the tenant's notifications, from a real silo to a real receiver.
/// </summary>
public sealed class EventEndpointTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:EventWebhooks:RetrySchedule"] = "00:00:00.300, 00:00:00.600",
        ["Notifications:EventWebhooks:EndpointsCacheFor"] = "00:00:00.200",
        ["Notifications:EventWebhooks:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:EventWebhooks:SegmentSize"] = "10",
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.100",
        ["Notifications:Delivery:RetryMaxDelay"] = "00:00:00.200",
        ["Notifications:Delivery:MaxAttempts"] = "2",
    });

    private HttpClient _http = null!;
    private WebhookSink _users = null!;
    private WebhookSink _events = null!;

    public async Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        _users = await WebhookSink.StartAsync();
        _events = await WebhookSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _users.DisposeAsync();
        await _events.DisposeAsync();
    }

    [Fact]
    public async Task An_endpoint_receives_every_status_change_of_single_batched_failed_and_cancelled_sends_signed_and_in_order()
    {
        var endpoint = await CreateAsync(new { url = _events.Url, secret = _events.Secret, description = "orders service" });
        Assert.StartsWith("ep_", endpoint.GetProperty("id").GetString());
        Assert.Equal(_events.Secret, endpoint.GetProperty("secret").GetString());
        var read = await _http.GetFromJsonAsync<JsonElement>($"/v1/event-endpoints/{endpoint.GetProperty("id").GetString()}");
        Assert.False(read.TryGetProperty("secret", out var secret) && secret.ValueKind != JsonValueKind.Null, "the secret is shown once");
        var listed = await _http.GetFromJsonAsync<JsonElement>("/v1/event-endpoints");
        Assert.All(listed.GetProperty("items").EnumerateArray(), e => Assert.True(e.GetProperty("secret").ValueKind == JsonValueKind.Null));

        await PutUserAsync("ada", _users.Url);
        var single = await _http.SendNotificationAsync(new { user_id = "ada", message = "Your order shipped", category = "orders" });
        var batch = await _http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = Enumerable.Range(0, 20).Select(i => new { user_id = "ada", message = $"Item {i}" }) });
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        var batched = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        var later = await _http.SendNotificationAsync(new { user_id = "ada", message = "Tomorrow", send_at = DateTimeOffset.UtcNow.AddDays(1) });
        (await _http.PostAsync($"/v1/notifications/{later}/cancel", null)).EnsureSuccessStatusCode();
        // Nothing listens at bob's path: each attempt is answered 404, and after the last the notification is dead-lettered.
        await PutUserAsync("bob", _users.Url + "/elsewhere");
        var failed = await _http.SendNotificationAsync(new { user_id = "bob", message = "Nobody home" });

        await WaitForAsync(single, "notification.delivered");
        foreach (var id in batched)
        {
            await WaitForAsync(id, "notification.delivered");
        }

        await WaitForAsync(later, "notification.cancelled");
        await WaitForAsync(failed, "notification.dead_lettered");

        Assert.All(_events.Received, r => Assert.True(r.SignatureValid, "every event is signed with the endpoint's secret"));
        Assert.Equal(["notification.accepted", "notification.sent", "notification.delivered"], TypesOf(single));
        Assert.All(batched, id => Assert.Equal(["notification.accepted", "notification.sent", "notification.delivered"], TypesOf(id)));
        Assert.Equal(["notification.accepted", "notification.scheduled", "notification.cancelled"], TypesOf(later));
        Assert.Equal(["notification.accepted", "notification.scheduled", "notification.dead_lettered"], TypesOf(failed));
        Assert.Contains("404", EventsOf(failed).Last().GetProperty("data").GetProperty("reason").GetString());
        var delivered = EventsOf(single).Last();
        var data = delivered.GetProperty("data");
        Assert.Equal(single, data.GetProperty("notification_id").GetString());
        Assert.Equal("ada", data.GetProperty("user_id").GetString());
        Assert.Equal("webhook", data.GetProperty("channel").GetString());
        Assert.Equal(1, data.GetProperty("attempt").GetInt32());
        Assert.Equal("orders", data.GetProperty("category").GetString());
        Assert.StartsWith("evt_", data.GetProperty("event_id").GetString());
        Assert.Equal(_events.Received.Count, _events.Received.Select(r => r.Id).Distinct().Count());
        Assert.All(_events.Received, r => Assert.Equal(r.Id, r.Body.GetProperty("data").GetProperty("event_id").GetString()));
    }

    [Fact]
    public async Task A_failed_event_is_sent_again_on_its_schedule_while_its_notifications_later_events_wait_behind_it()
    {
        await CreateAsync(new { url = _events.Url, secret = _events.Secret });
        await PutUserAsync("cy", _users.Url);
        // The first two requests fail: the first event is retried, and nothing later of its notification overtakes it.
        _events.Respond = arrival => arrival <= 2 ? 503 : 200;
        var first = await _http.SendNotificationAsync(new { user_id = "cy", message = "One" });
        await WaitForAsync(first, "notification.delivered");

        var acknowledged = AcknowledgedTypesOf(first);
        Assert.Equal(["notification.accepted", "notification.sent", "notification.delivered"], acknowledged);
        var attempts = _events.Received.Where(r => NotificationOf(r) == first).Select(r => r.Id).ToArray();
        Assert.True(attempts.Length > 3, "the failed event was sent again");
        Assert.Equal(3, attempts.Distinct().Count());

        var endpoints = await _http.GetFromJsonAsync<JsonElement>("/v1/event-endpoints");
        var id = endpoints.GetProperty("items")[0].GetProperty("id").GetString();
        var status = (await _http.GetFromJsonAsync<JsonElement>($"/v1/event-endpoints/{id}")).GetProperty("delivery");
        Assert.True(status.GetProperty("delivered").GetInt64() >= 3);
        Assert.Equal(0, status.GetProperty("retrying").GetInt64());
        Assert.True(status.GetProperty("failing_since").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_gives_events_up_is_disabled_and_when_enabled_again_gets_what_was_logged_meanwhile()
    {
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:EventWebhooks:RetrySchedule"] = "00:00:00.200",
            ["Notifications:EventWebhooks:EndpointsCacheFor"] = "00:00:00.200",
            ["Notifications:EventWebhooks:DisableAfter"] = "00:00:02",
            ["Notifications:EventWebhooks:MaxRetrying"] = "3",
        });
        using var http = silo.CreateClient();
        _events.Respond = _ => 500;
        var created = await (await http.PostAsJsonAsync("/v1/event-endpoints", new { url = _events.Url, secret = _events.Secret, types = new[] { "notification.accepted" } })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        (await http.PutAsJsonAsync("/v1/users/dee", new { webhook = new { url = _users.Url, secret = _users.Secret } })).EnsureSuccessStatusCode();
        var sent = new List<string>();
        JsonElement endpoint = default;
        await Eventually.TrueAsync(async () =>
        {
            sent.Add(await http.SendNotificationAsync(new { user_id = "dee", message = "Ping" }));
            await Task.Delay(200);
            endpoint = await http.GetFromJsonAsync<JsonElement>($"/v1/event-endpoints/{id}");
            return !endpoint.GetProperty("enabled").GetBoolean();
        }, "the endpoint to be disabled after failing for two seconds", TimeSpan.FromSeconds(30));

        Assert.Contains("failed", endpoint.GetProperty("disabled_because").GetString());
        var delivery = endpoint.GetProperty("delivery");
        Assert.True(delivery.GetProperty("given_up").GetInt64() > 0, endpoint.ToString());
        Assert.Contains("500", delivery.GetProperty("last_error").GetString());

        // While disabled nothing is sent; what happens meanwhile is logged for it.
        var arrivals = _events.Received.Count;
        var meanwhile = await http.SendNotificationAsync(new { user_id = "dee", message = "While it was off" });
        await http.WaitForStatusAsync(meanwhile, "delivered");
        await Task.Delay(500);
        Assert.Equal(arrivals, _events.Received.Count);

        _events.Respond = _ => 200;
        var enabled = await http.PatchAsJsonAsync($"/v1/event-endpoints/{id}", new { enabled = true });
        Assert.True(enabled.IsSuccessStatusCode, await enabled.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => AcknowledgedTypesOf(meanwhile).SequenceEqual(["notification.accepted"]), "the event logged while it was off to arrive");
        Assert.DoesNotContain(_events.Received, r => r.Body.GetProperty("type").GetString() != "notification.accepted");
    }

    [Fact]
    public async Task Types_filter_what_arrives_a_replay_sends_events_again_under_their_ids_and_a_deleted_endpoint_gets_nothing_more()
    {
        var endpoint = await CreateAsync(new { url = _events.Url, secret = _events.Secret, types = new[] { "notification.delivered" } });
        var id = endpoint.GetProperty("id").GetString();
        await PutUserAsync("eve", _users.Url);
        var before = DateTimeOffset.UtcNow;
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await _http.SendNotificationAsync(new { user_id = "eve", message = $"Note {i}" }));
        }

        foreach (var n in sent)
        {
            await WaitForAsync(n, "notification.delivered");
        }

        Assert.All(_events.Received, r => Assert.Equal("notification.delivered", r.Body.GetProperty("type").GetString()));
        var firstIds = _events.Received.Select(r => r.Id).ToHashSet();
        Assert.Equal(5, firstIds.Count);

        var replay = await _http.PostAsJsonAsync($"/v1/event-endpoints/{id}/replay", new { since = before });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.True((await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt64() >= 5);
        await Eventually.TrueAsync(() => _events.Received.Count >= 10, "the replayed events to arrive");
        Assert.Equal(firstIds, _events.Received.Select(r => r.Id).ToHashSet());

        var rotated = await _http.PatchAsJsonAsync($"/v1/event-endpoints/{id}", new { rotate_secret = true });
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString();
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(_events.Secret, newSecret);
        var afterRotation = await _http.SendNotificationAsync(new { user_id = "eve", message = "Signed twice" });
        await WaitForAsync(afterRotation, "notification.delivered");
        var signed = _events.Received.Single(r => NotificationOf(r) == afterRotation);
        Assert.True(signed.SignatureValid, "the old secret still signs for a day");

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/v1/event-endpoints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/v1/event-endpoints/{id}")).StatusCode);
        var count = _events.Received.Count;
        var afterDelete = await _http.SendNotificationAsync(new { user_id = "eve", message = "Nobody listens" });
        await _http.WaitForStatusAsync(afterDelete, "delivered");
        await Task.Delay(1000);
        Assert.Equal(count, _events.Received.Count);
    }

    [Fact]
    public async Task Bad_endpoints_are_refused_naming_the_field()
    {
        await AssertInvalidAsync(new { url = "ftp://example.com/hook" }, "url");
        await AssertInvalidAsync(new { url = "https://example.com/hook", types = new[] { "notification.exploded" } }, "types[0]");
        await AssertInvalidAsync(new { url = "https://example.com/hook", secret = "hunter2" }, "secret");
        await AssertInvalidAsync(new { url = "https://example.com/hook", description = new string('x', 500) }, "description");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/v1/event-endpoints/ep_nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PatchAsJsonAsync("/v1/event-endpoints/ep_nothing", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsJsonAsync("/v1/event-endpoints/ep_nothing/replay", new { since = DateTimeOffset.UtcNow })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/v1/event-endpoints/ep_nothing")).StatusCode);
    }

    private async Task AssertInvalidAsync(object body, string field)
    {
        var response = await _http.PostAsJsonAsync("/v1/event-endpoints", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<JsonElement> CreateAsync(object body)
    {
        var response = await _http.PostAsJsonAsync("/v1/event-endpoints", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task PutUserAsync(string userId, string webhookUrl) =>
        (await _http.PutAsJsonAsync($"/v1/users/{userId}", new { webhook = new { url = webhookUrl, secret = _users.Secret } })).EnsureSuccessStatusCode();

    private static string? NotificationOf(ReceivedWebhook received) => received.Body.GetProperty("data").GetProperty("notification_id").GetString();

    private IEnumerable<JsonElement> EventsOf(string notificationId) =>
        _events.Received.Where(r => NotificationOf(r) == notificationId).Select(r => r.Body);

    /// <summary>The types of a notification's events, each once, in the order they first arrived.</summary>
    private string[] TypesOf(string notificationId) =>
        [.. _events.Received.Where(r => NotificationOf(r) == notificationId).DistinctBy(r => r.Id).Select(r => r.Body.GetProperty("type").GetString()!)];

    /// <summary>The types of a notification's events the receiver answered 2xx for, in the order it did.</summary>
    private string[] AcknowledgedTypesOf(string notificationId)
    {
        var types = _events.Received.Where(r => NotificationOf(r) == notificationId).GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().Body.GetProperty("type").GetString()!);
        return [.. _events.Accepted.Where(types.ContainsKey).Distinct().Select(id => types[id])];
    }

    private Task WaitForAsync(string notificationId, params string[] types) =>
        Eventually.TrueAsync(() => EventsOf(notificationId).Any(e => types.Contains(e.GetProperty("type").GetString())),
            $"an event {string.Join(" or ", types)} for {notificationId}", TimeSpan.FromSeconds(30));
}
