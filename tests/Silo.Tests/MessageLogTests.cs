using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Grains;
using Notifications.Testing;
using Orleans.Core.Internal;

namespace Notifications.Silo.Tests;

/// <summary>The message log, searched over HTTP as an application looks for "every failed send to this user".</summary>
public sealed class MessageLogTests() : SiloWithSink(new()
{
    ["Notifications:MessageLog:PageSize"] = "10",
    ["Notifications:MessageLog:MaxPagesPerSearch"] = "2",
    ["Notifications:MessageLog:PageIdleTime"] = "00:00:02",
    ["Notifications:Delivery:MaxAttempts"] = "1",
})
{
    [Fact]
    public async Task The_log_answers_each_filter_newest_first_and_pages_through_everything_exactly_once()
    {
        await PutUserWithWebhookAsync("ann");
        (await Http.PutAsJsonAsync("/v1/users/ben", new { webhook = new { url = Sink.Url + "/nowhere", secret = Sink.Secret } })).EnsureSuccessStatusCode();
        var sent = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            sent.Add(await Http.SendNotificationAsync(new { user_id = "ann", message = $"Note {i}", category = i % 5 == 0 ? "orders" : "news" }));
        }

        var middle = DateTimeOffset.UtcNow;
        var failed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            failed.Add(await Http.SendNotificationAsync(new { user_id = "ben", message = $"Lost {i}" }));
        }

        (await Http.PostAsJsonAsync("/v1/topics", new { id = "news", name = "News" })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics/news/subscribers", new { subscribers = new[] { new { user_id = "ann" }, new { user_id = "ben" } } })).EnsureSuccessStatusCode();
        var send = await (await Http.PostAsJsonAsync("/v1/topics/news/sends", new { message = "Extra!" })).Content.ReadFromJsonAsync<JsonElement>();
        var sendId = send.GetProperty("id").GetString()!;

        var all = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            all = await ReadAllAsync("/v1/notifications?limit=4");
            return all.Count == 30 && all.All(n => n.GetProperty("status").GetString() is "delivered" or "dead_lettered");
        }, "the log to list all 30, finished", TimeSpan.FromSeconds(30));

        Assert.Equal(30, all.Select(n => n.GetProperty("id").GetString()).Distinct().Count());
        var times = all.Select(n => n.GetProperty("accepted_at").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(sent.AsEnumerable().Reverse().ToArray(), all.Where(n => n.GetProperty("user_id").GetString() == "ann" && n.GetProperty("topic").ValueKind == JsonValueKind.Null).Select(n => n.GetProperty("id").GetString()).ToArray());

        var bensFailures = await ReadAllAsync("/v1/notifications?user_id=ben&status=dead_lettered");
        Assert.Equal(failed.AsEnumerable().Reverse().ToArray(),
            bensFailures.Where(n => n.GetProperty("topic").ValueKind == JsonValueKind.Null).Select(n => n.GetProperty("id").GetString()).ToArray());
        Assert.All(bensFailures, n => Assert.Equal("webhook", n.GetProperty("channel").GetString()));
        Assert.Equal(5, (await ReadAllAsync("/v1/notifications?category=orders")).Count);
        Assert.Equal(28, (await ReadAllAsync($"/v1/notifications?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-0.001).ToString("O"))}&channel=webhook")).Count(n => n.GetProperty("topic").ValueKind == JsonValueKind.Null));
        Assert.Equal(3 + 2, (await ReadAllAsync($"/v1/notifications?from={Uri.EscapeDataString(middle.ToString("O"))}")).Count);

        var topic = await ReadAllAsync("/v1/notifications?topic=news");
        Assert.Equal(["ann", "ben"], topic.Select(n => n.GetProperty("user_id").GetString()).Order());
        Assert.All(topic, n => Assert.Equal(sendId, n.GetProperty("send_id").GetString()));
        var recipients = await ReadAllAsync($"/v1/topics/news/sends/{sendId}/recipients");
        Assert.Equal(topic.Select(n => n.GetProperty("id").GetString()).Order(), recipients.Select(n => n.GetProperty("id").GetString()).Order());
        Assert.Single(await ReadAllAsync($"/v1/topics/news/sends/{sendId}/recipients?status=dead_lettered"));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/v1/topics/news/sends/nosuchsend/recipients")).StatusCode);
    }

    [Fact]
    public async Task A_step_after_the_log_and_its_pages_were_let_go_moves_on_the_row_it_has_rather_than_adding_one()
    {
        await PutUserWithWebhookAsync("cy");
        // Far enough ahead that the log's activation is let go before any of them is due, on a slow machine too.
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(25);
        var sent = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            sent.Add(await Http.SendNotificationAsync(new { user_id = "cy", message = $"Later {i}", send_at = sendAt }));
        }

        await Eventually.TrueAsync(async () => (await ReadAllAsync("/v1/notifications?user_id=cy&status=scheduled")).Count == 12,
            "the log to list the 12 waiting, on two pages", TimeSpan.FromSeconds(30));
        // Their pages do not stay in memory while they wait: written, and left unchanged, they are let go.
        await Eventually.TrueAsync(async () => (await Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(MessageLogPageGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount) == 0,
            "the log's pages to be let go while the 12 wait", TimeSpan.FromSeconds(10));
        // A new activation knows its pages, not which notification is on which: it looks for each by its accept time.
        await Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IMessageLogGrain>(ApiKeyAuthenticator.DefaultTenant)
            .AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var rows = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            rows = await ReadAllAsync("/v1/notifications?user_id=cy");
            return rows.Count(n => n.GetProperty("status").GetString() == "delivered") == 12;
        }, "the 12 to be delivered in the log", TimeSpan.FromSeconds(60));
        Assert.Equal(sent.Order(), rows.Select(n => n.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Bad_filters_are_refused_naming_the_field()
    {
        foreach (var (query, field) in new[] { ("status=exploded", "status"), ("limit=0", "limit"), ("limit=501", "limit"), ("cursor=garbage", "cursor"), ("from=yesterday", "from") })
        {
            var response = await Http.GetAsync($"/v1/notifications?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    /// <summary>Every page of a search, following next_cursor to the end.</summary>
    private async Task<List<JsonElement>> ReadAllAsync(string query)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Http.GetFromJsonAsync<JsonElement>(cursor is null ? query : $"{query}{(query.Contains('?') ? '&' : '?')}cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("next_cursor").GetString() is not { } next)
            {
                return items;
            }

            cursor = next;
        }

        throw new InvalidOperationException("The search did not end.");
    }
}
