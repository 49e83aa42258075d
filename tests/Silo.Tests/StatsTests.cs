using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class StatsTests() : SiloWithSink([])
{
    [Fact]
    public async Task Statistics_count_every_status_time_deliveries_and_rate_engagement_per_category_and_template()
    {
        (await Http.PutAsJsonAsync("/v1/templates/digest", new { locales = new { @default = new { body = "Your digest" } } })).EnsureSuccessStatusCode();
        (await Http.PatchAsJsonAsync("/v1/users/s-out/preferences", new { categories = new { news = false } })).EnsureSuccessStatusCode();
        var read = await Http.SendNotificationAsync(new { user_id = "s-1", message = "Read me", category = "news", channel = "inapp" });
        var ignored = await Http.SendNotificationAsync(new { user_id = "s-2", template = "digest", category = "news", channel = "inapp", priority = "high" });
        var suppressed = await Http.SendNotificationAsync(new { user_id = "s-out", message = "Not wanted", category = "news", channel = "inapp" });
        Sink.Respond = _ => 410;
        await PutUserWithWebhookAsync("s-gone");
        var failed = await Http.SendNotificationAsync(new { user_id = "s-gone", message = "Nobody home" });
        await Http.WaitForStatusAsync(read, "delivered");
        await Http.WaitForStatusAsync(ignored, "delivered");
        await Http.WaitForStatusAsync(suppressed, "suppressed");
        await Http.WaitForStatusAsync(failed, "failed");
        foreach (var action in new[] { "opened", "clicked" })
        {
            (await Http.PostAsJsonAsync($"/v1/notifications/{read}/engagements", new { user_id = "s-1", action })).EnsureSuccessStatusCode();
        }

        JsonElement stats = default;
        await Eventually.TrueAsync(async () =>
        {
            stats = await Http.GetFromJsonAsync<JsonElement>("/v1/stats");
            return Total(stats.GetProperty("last_minute"), "delivered") == 2 && stats.GetProperty("last_minute").GetProperty("by_category").GetArrayLength() == 1
                && stats.GetProperty("last_minute").GetProperty("by_category")[0].GetProperty("clicked").GetInt64() == 1;
        }, "the statistics to take every event");

        var minute = stats.GetProperty("last_minute");
        Assert.Equal((4, 2, 2, 1, 1), (Total(minute, "accepted"), Total(minute, "sent"), Total(minute, "delivered"), Total(minute, "suppressed"), Total(minute, "failed")));
        Assert.Equal(1, stats.GetProperty("series").EnumerateArray().Sum(p => p.GetProperty("failed_by_provider").TryGetProperty("webhook", out var n) ? n.GetInt64() : 0));
        Assert.Equal(2, minute.GetProperty("accept_to_delivered").GetProperty("count").GetInt64());
        Assert.True(minute.GetProperty("accept_to_sent").GetProperty("p99_ms").GetDouble() >= minute.GetProperty("accept_to_sent").GetProperty("p50_ms").GetDouble());
        Assert.Contains(minute.GetProperty("counts").EnumerateArray(), c =>
            c.GetProperty("status").GetString() == "delivered" && c.GetProperty("channel").GetString() == "inapp" && c.GetProperty("priority").GetString() == "high" && c.GetProperty("count").GetInt64() == 1);
        var news = minute.GetProperty("by_category")[0];
        Assert.Equal(("news", 2L, 1L, 1L, 0.5, 0.5), (news.GetProperty("name").GetString(), news.GetProperty("delivered").GetInt64(), news.GetProperty("opened").GetInt64(),
            news.GetProperty("clicked").GetInt64(), news.GetProperty("open_rate").GetDouble(), news.GetProperty("click_rate").GetDouble()));
        var digest = minute.GetProperty("by_template")[0];
        Assert.Equal(("digest", 1L, 0L), (digest.GetProperty("name").GetString(), digest.GetProperty("delivered").GetInt64(), digest.GetProperty("opened").GetInt64()));
        Assert.Equal(4, Total(stats.GetProperty("last_hour"), "accepted"));
        Assert.Equal(4, Total(stats.GetProperty("last_day"), "accepted"));
        Assert.Equal(120, stats.GetProperty("series").GetArrayLength());
        Assert.Equal(4, stats.GetProperty("series").EnumerateArray().Sum(p => p.GetProperty("accepted").GetInt64()));
        Assert.Equal(0, stats.GetProperty("now").GetProperty("queued").GetProperty("critical").GetInt32());
    }

    [Fact]
    public async Task No_event_is_lost_on_the_way_to_the_aggregator_under_a_burst()
    {
        const int count = 3_000;
        foreach (var chunk in Enumerable.Range(0, count).Chunk(1_000))
        {
            var batch = await Http.PostAsJsonAsync("/v1/notifications/batch", new
            {
                notifications = chunk.Select(i => new { user_id = $"burst-{i % 50}", message = $"Burst {i}", channel = "log", priority = i % 3 == 0 ? "low" : "normal" }),
            });
            batch.EnsureSuccessStatusCode();
        }

        JsonElement minute = default;
        await Eventually.TrueAsync(async () =>
        {
            minute = (await Http.GetFromJsonAsync<JsonElement>("/v1/stats")).GetProperty("last_minute");
            return Total(minute, "delivered") >= count;
        }, "every delivery to be counted", TimeSpan.FromSeconds(60));

        Assert.Equal((count, count, count, count), (Total(minute, "accepted"), Total(minute, "sending"), Total(minute, "sent"), Total(minute, "delivered")));
        Assert.Equal(count, minute.GetProperty("accept_to_delivered").GetProperty("count").GetInt64());
        Assert.Equal(count / 3, minute.GetProperty("counts").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "delivered" && c.GetProperty("priority").GetString() == "low").Sum(c => c.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task The_stream_sends_an_update_a_second_that_follows_the_sends()
    {
        using var response = await Http.GetAsync("/v1/stats/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await NextStatsAsync(reader);
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await Http.SendNotificationAsync(new { user_id = "streamer", message = $"Live {i}" }));
        }

        foreach (var id in sent)
        {
            await Http.WaitForStatusAsync(id, "delivered");
        }

        var updates = new List<JsonElement>();
        var started = DateTimeOffset.UtcNow;
        while (updates.Count < 10 && (updates.Count == 0 || Total(updates[^1].GetProperty("last_minute"), "delivered") < 5))
        {
            updates.Add(await NextStatsAsync(reader));
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, Total(first.GetProperty("last_minute"), "accepted"));
        Assert.Equal(5, Total(updates[^1].GetProperty("last_minute"), "delivered"));
        // An update a second, not a flood: each comes at least half a second after the one before.
        var times = updates.Select(u => u.GetProperty("at").GetDateTimeOffset()).Prepend(first.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalSeconds, 0.5, 10));
    }

    private static long Total(JsonElement window, string status) =>
        window.GetProperty("totals").TryGetProperty(status, out var total) ? total.GetInt64() : 0;

    private static async Task<JsonElement> NextStatsAsync(StreamReader reader)
    {
        string? line;
        var isStats = false;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (line == "event: stats")
            {
                isStats = true;
            }
            else if (isStats && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize<JsonElement>(line["data: ".Length..]);
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }
}
