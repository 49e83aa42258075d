using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Client;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.200",
        ["Notifications:Delivery:RetrySchedules:webhook"] = "",
        ["Notifications:Delivery:RetryMaxDelay"] = "00:00:01",
        ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:Delivery:MaxAttempts"] = "1000",
    };

    private readonly string _data = Directory.CreateTempSubdirectory("crash-").FullName;

    [Fact]
    public async Task Every_accepted_notification_is_delivered_after_a_SIGKILL_and_a_restart()
    {
        const int count = 300;
        var sinkPort = WebhookSink.FreePort();
        var sinkPath = WebhookSink.NewPath();
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var siloPort = WebhookSink.FreePort();
        var accepted = new List<string>();

        await using (var first = await SiloProcess.StartAsync(_data, siloPort, FastRetries))
        {
            var client = Client(first.BaseAddress);
            await client.UpdateUserAsync("victim", new UpdateUser(Webhook: new WebhookSettings($"http://127.0.0.1:{sinkPort}{sinkPath}", secret)));
            foreach (var chunk in Enumerable.Range(0, count).Chunk(50))
            {
                accepted.AddRange(await Task.WhenAll(chunk.Select(async i => (await client.SendAsync(new SendNotification("victim", $"Notification {i}"))).Id)));
            }

            // The endpoint is down: every notification is waiting to retry when the process dies.
            var sample = await client.GetAsync(accepted[^1]);
            Assert.NotEqual(NotificationState.Delivered, sample!.Status);
            first.Kill();
        }

        await using var sink = await WebhookSink.StartAsync(sinkPort, secret, sinkPath);
        await using var second = await SiloProcess.StartAsync(_data, siloPort, FastRetries);
        await Eventually.TrueAsync(() => accepted.All(sink.Accepted.Contains), "every accepted notification to reach the endpoint", TimeSpan.FromSeconds(90));

        var client2 = Client(second.BaseAddress);
        foreach (var id in accepted)
        {
            Assert.Equal(NotificationState.Delivered, (await client2.GetAsync(id))!.Status);
        }

        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        output.WriteLine($"accepted {accepted.Count}, delivered {accepted.Count(sink.Accepted.Contains)}, received {sink.Received.Count} requests for {sink.Received.Select(r => r.Id).Distinct().Count()} ids");
    }

    [Fact]
    public async Task Batches_cut_off_midway_by_a_SIGKILL_are_made_again_and_every_item_is_delivered()
    {
        const int batches = 20, perBatch = 100;
        await using var sink = await WebhookSink.StartAsync();
        // Few deliveries at once and each held a while, so that the batches are still going when the process dies.
        sink.Hold = _ => Task.Delay(20);
        var slow = new Dictionary<string, string>(FastRetries) { ["Notifications:Delivery:MaxConcurrentSends"] = "8" };
        var siloPort = WebhookSink.FreePort();
        var accepted = new List<string>();
        await using (var first = await SiloProcess.StartAsync(_data, siloPort, slow))
        {
            var client = Client(first.BaseAddress);
            for (var u = 0; u < 10; u++)
            {
                await client.UpdateUserAsync($"b{u}", new UpdateUser(Webhook: new WebhookSettings(sink.Url, sink.Secret)));
            }

            for (var b = 0; b < batches; b++)
            {
                var result = await client.SendBatchAsync(Enumerable.Range(0, perBatch).Select(i => new SendNotification($"b{i % 10}", $"Batch {b} item {i}")));
                Assert.All(result.Results, r => Assert.Null(r.Error));
                accepted.AddRange(result.Results.Select(r => r.Id!));
            }

            await Eventually.TrueAsync(() => Task.FromResult(sink.Accepted.Count >= 300), "deliveries to start", TimeSpan.FromSeconds(60));
            first.Kill();
        }

        var atKill = sink.Accepted.Distinct().Count();
        Assert.InRange(atKill, 1, batches * perBatch - 1);
        sink.Hold = null;
        await using var second = await SiloProcess.StartAsync(_data, siloPort, FastRetries);
        await Eventually.TrueAsync(() => Task.FromResult(accepted.All(sink.Accepted.Contains)), "every item of every batch to reach the endpoint", TimeSpan.FromSeconds(120));

        await AllReadAsDeliveredAsync(Client(second.BaseAddress), accepted);
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        output.WriteLine($"accepted {accepted.Count} in {batches} batches; {atKill} delivered before the kill; {sink.Received.Count} requests for {sink.Accepted.Distinct().Count()} ids after the restart");
    }

    [Fact]
    public async Task Batches_waiting_for_their_send_time_are_delivered_after_a_SIGKILL_in_the_middle_of_their_release()
    {
        const int batches = 16, perBatch = 100;
        await using var sink = await WebhookSink.StartAsync();
        sink.Hold = _ => Task.Delay(20);
        var slow = new Dictionary<string, string>(FastRetries) { ["Notifications:Delivery:MaxConcurrentSends"] = "8" };
        var siloPort = WebhookSink.FreePort();
        var accepted = new List<string>();
        var waiting = new List<string>();
        await using (var first = await SiloProcess.StartAsync(_data, siloPort, slow))
        {
            var client = Client(first.BaseAddress);
            for (var u = 0; u < 10; u++)
            {
                await client.UpdateUserAsync($"w{u}", new UpdateUser(Webhook: new WebhookSettings(sink.Url, sink.Secret)));
            }

            // Most fall due together and are being released when the process dies; the rest are still waiting then.
            var soon = DateTimeOffset.UtcNow.AddSeconds(15);
            var later = soon.AddSeconds(30);
            for (var b = 0; b < batches; b++)
            {
                var sendAt = b < batches - 2 ? soon : later;
                var result = await client.SendBatchAsync(Enumerable.Range(0, perBatch).Select(i => new SendNotification($"w{i % 10}", $"Batch {b} item {i}", SendAt: sendAt)));
                Assert.All(result.Results, r => Assert.Null(r.Error));
                (b < batches - 2 ? accepted : waiting).AddRange(result.Results.Select(r => r.Id!));
            }

            Assert.True(DateTimeOffset.UtcNow < soon - TimeSpan.FromSeconds(1), "the batches were accepted before their send time");
            Assert.Equal(NotificationState.Scheduled, (await client.GetAsync(accepted[0]))!.Status);
            await Eventually.TrueAsync(() => Task.FromResult(sink.Accepted.Count >= 300), "the release to start", TimeSpan.FromSeconds(60));
            first.Kill();
        }

        var atKill = sink.Accepted.Distinct().Count();
        Assert.InRange(atKill, 1, accepted.Count - 1);
        Assert.DoesNotContain(waiting, sink.Accepted.Contains);
        sink.Hold = null;
        await using var second = await SiloProcess.StartAsync(_data, siloPort, FastRetries);
        await Eventually.TrueAsync(() => Task.FromResult(accepted.Concat(waiting).All(sink.Accepted.Contains)), "every item of every batch to reach the endpoint", TimeSpan.FromSeconds(120));

        await AllReadAsDeliveredAsync(Client(second.BaseAddress), [.. accepted, .. waiting]);
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        output.WriteLine($"accepted {accepted.Count + waiting.Count} in {batches} batches; {atKill} delivered before the kill; {sink.Received.Count} requests for {sink.Accepted.Distinct().Count()} ids after the restart");
    }

    private static Task AllReadAsDeliveredAsync(NotificationsClient client, IReadOnlyList<string> ids) =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var id in ids)
            {
                if ((await client.GetAsync(id))?.Status != NotificationState.Delivered)
                {
                    return false;
                }
            }

            return true;
        }, "every item to read as delivered", TimeSpan.FromSeconds(60));

    [Fact]
    public async Task The_real_server_refuses_oversized_bodies_and_survives_garbage()
    {
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        // With 100-continue the server refuses on the headers alone, before a byte of the body is on the wire.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "notifications/send")
        {
            Content = new StringContent(new string('x', 2 * 1024 * 1024), System.Text.Encoding.UTF8, "application/json"),
        };
        oversized.Headers.ExpectContinue = true;
        var huge = await http.SendAsync(oversized);
        var garbage = await http.PostAsync("v1/notifications", new StringContent("\0\0{{{", System.Text.Encoding.UTF8, "application/json"));
        var send = await http.PostAsJsonAsync("notifications/send", new { user_id = "smoke", message = "Hello", priority = "normal", language = "en", device_id = "d" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/live")).StatusCode);
        Assert.True(Directory.Exists(Path.Combine(_data, "data")), "the silo keeps its SQLite file under ./data");
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static NotificationsClient Client(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddNotificationsClient(o => o.BaseAddress = baseAddress);
        return services.BuildServiceProvider().GetRequiredService<NotificationsClient>();
    }
}
