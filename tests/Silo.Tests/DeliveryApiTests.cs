using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class DeliveryApiTests() : SiloWithSink(new()
{
    ["Notifications:Delivery:MaxAttempts"] = "2",
    ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.020",
    ["Notifications:Delivery:MaxConcurrentSends"] = "4",
    ["Notifications:Delivery:MaxBacklog"] = "5",
    // The whole backlog is this one tenant's to fill.
    ["Notifications:Delivery:MaxBacklogPerTenant"] = "5",
})
{
    [Fact]
    public async Task A_scheduled_send_shows_its_mode_times_and_next_attempt_and_can_be_cancelled()
    {
        await Http.PutAsJsonAsync("/v1/users/sam", new { time_zone = "Europe/Berlin" });
        var sendAt = DateTimeOffset.UtcNow.AddDays(2);

        var response = await Http.PostAsJsonAsync("/v1/notifications", new
        {
            user_id = "sam",
            message = "Your appointment is tomorrow",
            delivery_mode = "exactly_once",
            send_at = sendAt,
            expires_at = sendAt.AddHours(1),
            dedupe_key = "appointment-42",
        });
        var june = new DateTime(DateTime.UtcNow.Year + (DateTime.UtcNow.Month >= 6 ? 1 : 0), 6, 1, 8, 0, 0);
        var local = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "sam", message = "Good morning", send_at_local = june.ToString("s") });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scheduled", accepted.GetProperty("status").GetString());
        Assert.Equal("exactly_once", accepted.GetProperty("delivery_mode").GetString());
        Assert.Equal("appointment-42", accepted.GetProperty("dedupe_key").GetString());
        Assert.Equal(sendAt, accepted.GetProperty("next_attempt_at").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        var user = await Http.GetFromJsonAsync<JsonElement>("/v1/users/sam");
        Assert.Equal("Europe/Berlin", user.GetProperty("time_zone").GetString());
        var localId = (await local.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var waiting = await WaitForStatusAsync(localId!, "scheduled");
        // Berlin keeps summer time in June: UTC+2.
        Assert.Equal(new DateTimeOffset(june.Year, 6, 1, 6, 0, 0, TimeSpan.Zero), waiting.GetProperty("next_attempt_at").GetDateTimeOffset());

        var cancel = await Http.PostAsync($"/v1/notifications/{accepted.GetProperty("id").GetString()}/cancel", null);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_batch_sent_for_later_shows_each_notification_scheduled_and_each_can_be_cancelled_alone()
    {
        var sendAt = DateTimeOffset.UtcNow.AddDays(1);

        var response = await Http.PostAsJsonAsync("/v1/notifications/batch", new
        {
            notifications = Enumerable.Range(0, 3).Select(i => new { user_id = $"pat{i % 2}", message = $"Sale starts {i}", send_at = sendAt }),
        });
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        var ids = results.Select(r => r.GetProperty("id").GetString()!).ToArray();
        var cancel = await Http.PostAsync($"/v1/notifications/{ids[1]}/cancel", null);
        var read = await Task.WhenAll(ids.Select(id => Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.All(results, r => Assert.Equal("scheduled", r.GetProperty("status").GetString()));
        // Waiting together, as one batch page's items, not as a notification grain each.
        Assert.Single(ids.Select(id => Notifications.Grains.FanOutNotificationId.PageOf(id)).Distinct().OfType<string>());
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(["scheduled", "cancelled", "scheduled"], read.Select(n => n.GetProperty("status").GetString()));
        Assert.Equal(sendAt, read[0].GetProperty("next_attempt_at").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(["accepted", "scheduled", "cancelled"], read[1].GetProperty("history").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal("Sale starts 2", read[2].GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_time_zone_is_a_400_naming_the_field()
    {
        var response = await Http.PutAsJsonAsync("/v1/users/tim", new { time_zone = "Mars/Olympus_Mons" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("time_zone", out _));
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_replayed_one_by_one_or_all_at_once()
    {
        await Http.PutAsJsonAsync("/v1/users/dl", new { webhook = new { url = Sink.Url, secret = Sink.Secret } });
        var healthy = false;
        Sink.Respond = _ => healthy ? 200 : 500;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var sent = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "dl", message = $"Message {i}" });
            ids.Add((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            await WaitForStatusAsync(id, "dead_lettered");
        }

        var list = await Http.GetFromJsonAsync<JsonElement>("/v1/dead-letters?limit=2");
        var rest = await Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?limit=2&after={list.GetProperty("next").GetString()}");
        healthy = true;
        var one = await Http.PostAsync($"/v1/dead-letters/{ids[0]}/replay", null);
        var again = await Http.PostAsync($"/v1/dead-letters/{ids[0]}/replay", null);
        var all = await Http.PostAsJsonAsync("/v1/dead-letters/replay", new { all = true });

        Assert.Equal(3, list.GetProperty("total").GetInt32());
        Assert.Equal(ids.Order(), list.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).Select(d => d.GetProperty("notification_id").GetString()!).Order());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        Assert.Contains("Gave up after 2 attempts", list.GetProperty("items")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        foreach (var id in ids)
        {
            await WaitForStatusAsync(id, "delivered");
        }

        Assert.Equal(0, (await Http.GetFromJsonAsync<JsonElement>("/v1/dead-letters")).GetProperty("total").GetInt32());
        var bad = await Http.PostAsJsonAsync("/v1/dead-letters/replay", new { ids = new[] { "x" }, all = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Erasing_a_user_leaves_no_dead_letter_of_theirs_and_no_schedule_that_sends_to_them()
    {
        await Http.PutAsJsonAsync("/v1/users/erased-dl", new { webhook = new { url = Sink.Url, secret = Sink.Secret } });
        Sink.Respond = _ => 500;
        var failed = await Http.SendNotificationAsync(new { user_id = "erased-dl", message = "Code 4711" });
        await WaitForStatusAsync(failed, "dead_lettered");
        var scheduled = await Http.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * *", notification = new { user_id = "erased-dl", message = "Daily digest" } });
        var kept = await Http.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * *", notification = new { user_id = "stays", message = "Daily digest" } });
        var keptId = (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Contains((await Http.GetFromJsonAsync<JsonElement>("/v1/dead-letters")).GetProperty("items").EnumerateArray(), d => d.GetProperty("user_id").GetString() == "erased-dl");

        using var erased = await Http.DeleteAsync("/v1/users/erased-dl");
        var deadLetters = await Http.GetFromJsonAsync<JsonElement>("/v1/dead-letters");
        var schedules = await Http.GetFromJsonAsync<JsonElement>("/v1/schedules");
        Sink.Respond = _ => 200;
        await Http.DeleteAsync($"/v1/schedules/{keptId}");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.DoesNotContain(deadLetters.GetProperty("items").EnumerateArray(), d => d.GetProperty("user_id").GetString() == "erased-dl");
        Assert.DoesNotContain(schedules.GetProperty("items").EnumerateArray(), s => s.GetProperty("notification").GetProperty("user_id").GetString() == "erased-dl");
        Assert.Contains(schedules.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == keptId);
    }

    [Fact]
    public async Task A_recurring_schedule_with_a_template_is_checked_for_its_variables_when_created()
    {
        (await Http.PutAsJsonAsync("/v1/templates/standup", new { locales = new { @default = new { body = "Stand-up in {{data.minutes}} minutes, {{user.first_name}}" } } })).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/v1/users/sched", new { attributes = new { first_name = "Sam" } })).EnsureSuccessStatusCode();

        var missing = await Http.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * 1-5", notification = new { user_id = "sched", template = "standup" } });
        var unknown = await Http.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * 1-5", notification = new { user_id = "sched", template = "nope" } });
        var complete = await Http.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * 1-5", notification = new { user_id = "sched", template = "standup", data = new { minutes = "15" } } });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("notification.data.minutes", out _));
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("notification.template", out _));
        Assert.Equal(HttpStatusCode.Created, complete.StatusCode);
        // No version is pinned: each occurrence renders the template as it is then.
        Assert.Equal(JsonValueKind.Null, (await complete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notification").GetProperty("template_version").ValueKind);
    }

    [Fact]
    public async Task Recurring_schedules_are_created_listed_paused_resumed_and_deleted()
    {
        var created = await Http.PostAsJsonAsync("/v1/schedules", new
        {
            cron = "0 9 * * 1-5",
            time_zone = "America/New_York",
            notification = new { user_id = "rec", message = "Stand-up in 15 minutes", category = "reminders" },
        });
        var schedule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = schedule.GetProperty("id").GetString()!;
        var list = await Http.GetFromJsonAsync<JsonElement>("/v1/schedules");
        var paused = await (await Http.PostAsync($"/v1/schedules/{id}/pause", null)).Content.ReadFromJsonAsync<JsonElement>();
        var resumed = await (await Http.PostAsync($"/v1/schedules/{id}/resume", null)).Content.ReadFromJsonAsync<JsonElement>();
        var deleted = await Http.DeleteAsync($"/v1/schedules/{id}");
        var invalid = await Http.PostAsJsonAsync("/v1/schedules", new { cron = "every morning", time_zone = "Nowhere/City", notification = new { user_id = "rec", message = "x", send_at = DateTimeOffset.UtcNow.AddHours(1) } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/schedules/{id}", created.Headers.Location?.ToString());
        var next = schedule.GetProperty("next_occurrence").GetDateTimeOffset();
        var local = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal((9, 0), (local.Hour, local.Minute));
        Assert.InRange(local.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(4));
        Assert.Equal("Stand-up in 15 minutes", schedule.GetProperty("notification").GetProperty("message").GetString());
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("next_occurrence").ValueKind);
        Assert.Equal(next, resumed.GetProperty("next_occurrence").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/schedules/{id}")).StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("cron", out _));
        Assert.True(errors.TryGetProperty("time_zone", out _));
        Assert.True(errors.TryGetProperty("notification.send_at", out _));
    }

    [Fact]
    public async Task Past_the_backlog_low_and_normal_get_429_with_retry_after_while_critical_is_accepted()
    {
        await Http.PutAsJsonAsync("/v1/users/busy", new { webhook = new { url = Sink.Url, secret = Sink.Secret } });
        var gate = new TaskCompletionSource();
        Sink.Hold = _ => gate.Task;
        // Three low ones take the slots low priority may use; the next five wait in the lanes, which is the limit.
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "busy", message = "Promo", priority = "low" })).StatusCode);
        }

        await Eventually.TrueAsync(() => Task.FromResult(Sink.Received.Count == 3), "three sends to be in flight");
        var low = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "busy", message = "Promo", priority = "low" });
        var normal = await Http.PostAsJsonAsync("/notifications/send", new { user_id = "busy", message = "Hi" });
        var batch = await Http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = new object[] { new { user_id = "busy", message = "a" }, new { user_id = "busy", message = "OTP", priority = "critical" } } });
        var critical = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "busy", message = "Your code is 123456", priority = "critical" });
        gate.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, low.StatusCode);
        Assert.Equal("application/problem+json", low.Content.Headers.ContentType?.MediaType);
        Assert.InRange(low.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, normal.StatusCode);
        var items = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        Assert.Contains("busy", items[0].GetProperty("error").GetString());
        Assert.Equal("accepted", items[1].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, critical.StatusCode);
        var criticalId = (await critical.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(criticalId, "delivered");
    }

    [Fact]
    public async Task A_batch_delivered_while_its_user_is_erased_is_erased_by_the_next_delete()
    {
        await Http.PutAsJsonAsync("/v1/users/ron", new { webhook = new { url = Sink.Url, secret = Sink.Secret } });
        var gate = new TaskCompletionSource();
        Sink.Hold = _ => gate.Task;
        var batch = await Http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = new[] { new { user_id = "ron", message = "Ron's code" }, new { user_id = "ron", message = "Ron's other code" } } });
        var ids = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(Sink.Received.Count == 2), "the batch to be at the receiver");

        // Routed to Ron before his erasure, and logged on his page of the directory only once delivered, after it.
        var first = await Http.DeleteAsync("/v1/users/ron");
        gate.SetResult();
        foreach (var id in ids)
        {
            await WaitForStatusAsync(id, "delivered");
        }

        var again = await Http.DeleteAsync("/v1/users/ron");
        var read = await Task.WhenAll(ids.Select(id => Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")));
        var export = await Http.GetAsync("/v1/users/ron/export");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.All(read, notification => Assert.Equal("", notification.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
    }
}
