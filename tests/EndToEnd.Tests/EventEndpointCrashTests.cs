using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

/// <summary>An event endpoint's receiver, as the silo it listens to is killed with SIGKILL in the middle of a stream.</summary>
public sealed class EventEndpointCrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.200",
        ["Notifications:Delivery:RetrySchedules:webhook"] = "",
        ["Notifications:Delivery:RetryMaxDelay"] = "00:00:01",
        ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:Delivery:MaxAttempts"] = "1000",
        ["Notifications:Delivery:MaxConcurrentSends"] = "8",
        ["Notifications:EventWebhooks:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:EventWebhooks:RetrySchedule"] = "00:00:00.500",
    };

    private readonly string _data = Directory.CreateTempSubdirectory("events-crash-").FullName;

    [Fact]
    public async Task After_a_SIGKILL_and_a_restart_the_receiver_has_every_status_change_of_every_accepted_notification_in_order()
    {
        await using var users = await WebhookSink.StartAsync();
        // Deliveries held a while, so that notifications are still going when the process dies.
        users.Hold = _ => Task.Delay(10);
        await using var events = await WebhookSink.StartAsync();
        var siloPort = WebhookSink.FreePort();
        var accepted = new List<string>();
        await using (var first = await SiloProcess.StartAsync(_data, siloPort, Settings))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            var created = await http.PostAsJsonAsync("/v1/event-endpoints", new { url = events.Url, secret = events.Secret });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            for (var u = 0; u < 10; u++)
            {
                (await http.PutAsJsonAsync($"/v1/users/u{u}", new { webhook = new { url = users.Url, secret = users.Secret } })).EnsureSuccessStatusCode();
            }

            foreach (var chunk in Enumerable.Range(0, 200).Chunk(50))
            {
                accepted.AddRange(await Task.WhenAll(chunk.Select(i => http.SendNotificationAsync(new { user_id = $"u{i % 10}", message = $"Single {i}" }))));
            }

            for (var b = 0; b < 3; b++)
            {
                var batch = await http.PostAsJsonAsync("/v1/notifications/batch", new { notifications = Enumerable.Range(0, 100).Select(i => new { user_id = $"u{i % 10}", message = $"Batch {b} item {i}" }) });
                Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
                accepted.AddRange((await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            }

            await Eventually.TrueAsync(() => events.Accepted.Count >= 200, "events to be flowing", TimeSpan.FromSeconds(60));
            first.Kill();
        }

        var atKill = events.Accepted.Count;
        await using var second = await SiloProcess.StartAsync(_data, siloPort, Settings);
        await Eventually.TrueAsync(() => accepted.All(id => Acknowledged(events, id).Contains("notification.delivered")),
            "a delivered event for every accepted notification", TimeSpan.FromSeconds(120));

        Assert.All(events.Received, r => Assert.True(r.SignatureValid));
        foreach (var id in accepted)
        {
            Assert.Equal(["notification.accepted", "notification.sent", "notification.delivered"], Acknowledged(events, id));
        }

        output.WriteLine($"{accepted.Count} notifications; {atKill} events acknowledged before the kill, {events.Accepted.Count} after the restart, {events.Accepted.Distinct().Count()} distinct");
    }

    /// <summary>A notification's event types the receiver answered 2xx for, each once, in the order it first did.</summary>
    private static List<string> Acknowledged(WebhookSink sink, string notificationId)
    {
        var types = sink.Received.Where(r => r.Body.GetProperty("data").GetProperty("notification_id").GetString() == notificationId)
            .GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().Body.GetProperty("type").GetString()!);
        return [.. sink.Accepted.Where(types.ContainsKey).Distinct().Select(id => types[id])];
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
