using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

public sealed class FanOutCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Subscribers = 10_000;

    private readonly string _data = Directory.CreateTempSubdirectory("fan-out-crash-").FullName;

    /// <summary>Each delivery takes a while and few run at once, so the fan-out is still going when the process dies.</summary>
    private static readonly Dictionary<string, string> Slow = new()
    {
        ["Notifications:Delivery:MaxConcurrentSends"] = "8",
        ["Notifications:Delivery:SoftBacklog"] = "200",
        ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:Delivery:RetrySchedules:webhook"] = "",
    };

    [Fact]
    public async Task A_fan_out_killed_midway_resumes_at_the_page_it_reached_and_every_subscriber_gets_one_notification()
    {
        await using var sink = await WebhookSink.StartAsync();
        var (atKill, done, expected) = await KillMidwayAndResumeAsync(sink, "v1/topics/status/sends", async http =>
        {
            (await http.PostAsJsonAsync("v1/topics", new { id = "status", name = "Status page" })).EnsureSuccessStatusCode();
            foreach (var chunk in Enumerable.Range(0, Subscribers).Chunk(1_000))
            {
                (await http.PostAsJsonAsync("v1/topics/status/subscribers", new { subscribers = chunk.Select(i => new { user_id = $"s{i}" }) })).EnsureSuccessStatusCode();
            }

            return await http.PostAsJsonAsync("v1/topics/status/sends", new { message = "Degraded performance" });
        }, send => send.GetProperty("pages_done").GetInt32() >= 2,
        (_, sendId) => Task.FromResult(Enumerable.Range(0, Subscribers).Select(i => NotificationIdFor(sendId, i / 1_000, $"s{i}")).ToHashSet()));

        output.WriteLine($"killed at page {atKill.GetProperty("pages_done")} of {atKill.GetProperty("pages")}; after restart {done}");
        output.WriteLine($"{sink.Received.Count} requests for {sink.Accepted.Distinct().Count()} notifications");
        Assert.Equal(expected.Count, sink.Accepted.Distinct().Count());
        Assert.Equal(Subscribers, done.GetProperty("notifications").GetInt64() + done.GetProperty("skipped").GetInt64());
        // Resumed, not started again: at most the pages in progress at the crash are met a second time.
        Assert.InRange(done.GetProperty("skipped").GetInt64(), 0, 1_000);
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task A_send_to_an_audience_killed_midway_resumes_its_scan_and_every_matched_user_gets_one_notification()
    {
        await using var sink = await WebhookSink.StartAsync();
        var (atKill, done, expected) = await KillMidwayAndResumeAsync(sink, "v1/audiences/sends", http =>
            http.PostAsJsonAsync("v1/audiences/sends", new { filter = "n < 8000", notification = new { message = "Plan change" } }),
            send => send.GetProperty("scanned").GetInt64() >= 2_000,
            (http, sendId) => AudienceNotificationIdsAsync(http, sendId, matched: 8_000));

        output.WriteLine($"killed after {atKill.GetProperty("scanned")} users read; after restart {done}");
        Assert.Equal(expected.Count, sink.Accepted.Distinct().Count());
        Assert.Equal(8_000, done.GetProperty("notifications").GetInt64() + done.GetProperty("skipped").GetInt64());
        // Resumed after the last page stored, with the page in progress as it was stored: every user read once.
        Assert.Equal(Subscribers, done.GetProperty("scanned").GetInt64());
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
    }

    /// <summary>
    /// Imports the users, starts the send on a slow silo, SIGKILLs it once <paramref name="killWhen"/> holds of the
    /// send, and restarts it on the same data until the send completes and every one of <paramref name="expected"/>
    /// has reached the sink.
    /// </summary>
    private async Task<(JsonElement AtKill, JsonElement Done, HashSet<string> Expected)> KillMidwayAndResumeAsync(
        WebhookSink sink, string sends, Func<HttpClient, Task<HttpResponseMessage>> startSend, Func<JsonElement, bool> killWhen, Func<HttpClient, string, Task<HashSet<string>>> expected)
    {
        var siloPort = WebhookSink.FreePort();
        sink.Hold = _ => Task.Delay(5);
        string sendId;
        JsonElement atKill;
        await using (var first = await SiloProcess.StartAsync(_data, siloPort, Slow))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            await ImportUsersWithWebhooksAsync(http, sink);
            var accepted = await startSend(http);
            sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            atKill = await WaitForAsync(http, $"{sends}/{sendId}", killWhen);
            first.Kill();
        }

        Assert.Equal("fanning_out", atKill.GetProperty("status").GetString());
        sink.Hold = null;
        await using var second = await SiloProcess.StartAsync(_data, siloPort, new Dictionary<string, string> { ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02" });
        using var http2 = new HttpClient { BaseAddress = second.BaseAddress };
        var done = await WaitForAsync(http2, $"{sends}/{sendId}", s => s.GetProperty("status").GetString() == "completed");
        var ids = await expected(http2, sendId);
        await Eventually.TrueAsync(() => Task.FromResult(ids.IsSubsetOf(sink.Accepted)), "every recipient's notification to reach the endpoint", TimeSpan.FromSeconds(120));
        return (atKill, done, ids);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>
    /// Each matched user's notification id, as the send reports it: the scan walks the tenant's directory, where users
    /// are placed in the order they came (an import's are concurrent), and each id names the directory page.
    /// </summary>
    private static async Task<HashSet<string>> AudienceNotificationIdsAsync(HttpClient http, string sendId, int matched)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, matched), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var recipient = await http.GetFromJsonAsync<JsonElement>($"v1/audiences/sends/{sendId}/recipients/s{i}", cancellationToken);
            lock (ids)
            {
                ids.Add(recipient.GetProperty("id").GetString()!);
            }
        });
        return ids;
    }

    /// <summary>A subscriber's notification id, derived from the send, the page and the user, as the service makes it.</summary>
    private static string NotificationIdFor(string sendId, int page, string userId) =>
        sendId + page.ToString("x6") + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{sendId}\n{userId}")))[..10];

    private static async Task ImportUsersWithWebhooksAsync(HttpClient http, WebhookSink sink)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < Subscribers; i++)
        {
            lines.AppendLine(JsonSerializer.Serialize(new { user_id = $"s{i}", webhook = new { url = sink.Url, secret = sink.Secret }, attributes = new { n = i } }));
        }

        var imported = await http.PostAsync("v1/users/import", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"));
        imported.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string sendPath, Func<JsonElement, bool> condition)
    {
        JsonElement send = default;
        await Eventually.TrueAsync(async () =>
        {
            send = await http.GetFromJsonAsync<JsonElement>(sendPath);
            return condition(send);
        }, $"{sendPath} to get on", TimeSpan.FromSeconds(120));
        return send;
    }
}
