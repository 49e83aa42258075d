using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

/// <summary>
/// Under a load of 10,000 notifications in the three delivery modes, the silo process is killed with SIGKILL at
/// random moments and started again over the same data. The webhook sink counts what reached it.
/// </summary>
public sealed class DeliveryModeCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 10_000;
    private const int Kills = 4;
    private static readonly string[] Modes = ["at_least_once", "at_most_once", "exactly_once"];

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.100",
        ["Notifications:Delivery:RetrySchedules:webhook"] = "",
        ["Notifications:Delivery:RetryMaxDelay"] = "00:00:01",
        ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:Delivery:MaxAttempts"] = "1000",
    };

    private readonly string _data = Directory.CreateTempSubdirectory("modes-crash-").FullName;

    [Fact]
    public async Task Each_mode_keeps_its_promise_across_repeated_SIGKILLs()
    {
        await using var sink = await WebhookSink.StartAsync();
        // A receiver that takes a few milliseconds, so that sends are in flight whenever the silo dies.
        sink.Hold = _ => Task.Delay(Random.Shared.Next(0, 15));
        var port = WebhookSink.FreePort();
        var silo = await SiloProcess.StartAsync(_data, port, Settings);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        for (var u = 0; u < 50; u++)
        {
            (await http.PutAsJsonAsync($"v1/users/u{u}", new { webhook = new { url = sink.Url, secret = sink.Secret } })).EnsureSuccessStatusCode();
        }

        var accepted = new ConcurrentDictionary<string, string>();
        var next = -1;
        var load = Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Count; i = Interlocked.Increment(ref next))
            {
                var mode = Modes[i % Modes.Length];
                var id = await SendUntilAcceptedAsync(http, i, mode);
                accepted[id] = mode;
            }
        })));

        var kills = 0;
        for (; kills < Kills && !load.IsCompleted; kills++)
        {
            await Task.WhenAny(load, Task.Delay(Random.Shared.Next(300, 1000)));
            silo.Kill();
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(_data, port, Settings);
        }

        await load;
        try
        {
            await Eventually.TrueAsync(
                async () => await AllSettledAsync(http, accepted),
                "every notification to reach a final status",
                TimeSpan.FromMinutes(3));
        }
        catch (Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"Not every notification reached a final status; the first unsettled:{Environment.NewLine}{await UnsettledAsync(http, accepted)}");
        }
        finally
        {
            await silo.DisposeAsync();
        }

        var arrivals = sink.Received.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Count());
        var lines = new List<string> { $"delivery modes under SIGKILL: {Count} notifications accepted, silo killed {kills} times" };
        foreach (var mode in Modes)
        {
            var ids = accepted.Where(a => a.Value == mode).Select(a => a.Key).ToArray();
            var reached = ids.Count(arrivals.ContainsKey);
            var requests = ids.Sum(id => arrivals.GetValueOrDefault(id));
            var twice = ids.Count(id => arrivals.GetValueOrDefault(id) > 1);
            lines.Add($"  {mode,-14} accepted {ids.Length,5}  reached the sink {reached,5}  requests {requests,5}  received more than once {twice,4}  after receiver dedupe {reached,5}  never arrived {ids.Length - reached,4}");
            switch (mode)
            {
                case "at_least_once" or "exactly_once":
                    Assert.Equal(ids.Length, reached);
                    break;
                case "at_most_once":
                    Assert.Equal(0, twice);
                    break;
            }
        }

        Assert.Equal(Count, accepted.Count);
        Assert.True(kills >= 3, $"the load ended after {kills} kills");
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        TestReport.Write("delivery-modes-crash", lines);
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>Sends notification <paramref name="i"/> under a fixed idempotency key until the silo acknowledges it.</summary>
    private static async Task<string> SendUntilAcceptedAsync(HttpClient http, int i, string mode)
    {
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/notifications")
                {
                    Content = JsonContent.Create(new { user_id = $"u{i % 50}", message = $"Notification {i}", delivery_mode = mode }),
                };
                request.Headers.Add("Idempotency-Key", $"load-{i}");
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            // The silo is down or restarting: the same key again, as a real client would.
            await Task.Delay(50);
        }
    }

    /// <summary>What the test needs to see when a notification never settles: its history.</summary>
    private static async Task<string> UnsettledAsync(HttpClient http, IReadOnlyDictionary<string, string> accepted)
    {
        var lines = new List<string>();
        foreach (var id in accepted.Keys)
        {
            var notification = await http.GetFromJsonAsync<JsonElement>($"v1/notifications/{id}");
            if (notification.GetProperty("status").GetString() is not ("delivered" or "failed") && lines.Count < 40)
            {
                lines.Add($"{id} ({accepted[id]}): " + string.Join(" > ", notification.GetProperty("history").EnumerateArray()
                    .Select(t => $"{t.GetProperty("status").GetString()} {t.GetProperty("at").GetDateTimeOffset():HH:mm:ss.fff} {(t.TryGetProperty("reason", out var r) ? r.GetString() : null)}")));
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<bool> AllSettledAsync(HttpClient http, IReadOnlyDictionary<string, string> accepted)
    {
        foreach (var chunk in accepted.Keys.Chunk(200))
        {
            var statuses = await Task.WhenAll(chunk.Select(async id =>
                (await http.GetFromJsonAsync<JsonElement>($"v1/notifications/{id}")).GetProperty("status").GetString()));
            if (statuses.Any(s => s is not ("delivered" or "failed")))
            {
                return false;
            }
        }

        return true;
    }
}
