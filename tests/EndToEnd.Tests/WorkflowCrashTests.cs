using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

/// <summary>Workflow runs in the middle of their delays and digests when the silo is killed with SIGKILL.</summary>
public sealed class WorkflowCrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.200",
        ["Notifications:Delivery:RetrySchedules:webhook"] = "",
    };

    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(8);

    private readonly string _data = Directory.CreateTempSubdirectory("workflow-crash-").FullName;

    [Fact]
    public async Task Runs_killed_mid_delay_and_mid_digest_resume_after_a_restart_and_send_each_step_once_never_early()
    {
        await using var sink = await WebhookSink.StartAsync();
        var siloPort = WebhookSink.FreePort();
        var users = Enumerable.Range(0, 40).Select(i => $"u{i}").ToArray();
        string[] runs;
        var comments = new List<string>();
        DateTimeOffset reported;
        await using (var first = await SiloProcess.StartAsync(_data, siloPort, Settings))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            foreach (var user in users)
            {
                (await http.PutAsJsonAsync($"/v1/users/{user}", new { webhook = new { url = sink.Url, secret = sink.Secret } })).EnsureSuccessStatusCode();
            }

            await PutAsync(http, "/v1/templates/trial", new { locales = new { @default = new { body = "{{payload.days}} days left of your trial" } } });
            await PutAsync(http, "/v1/templates/last-call", new { locales = new { @default = new { body = "Last call" } } });
            await PutAsync(http, "/v1/templates/comments", new { locales = new { @default = new { body = "{{events_count}} comments:{{#each events}} {{this.by}}{{/each}}" } } });
            await PutAsync(http, "/v1/workflows/trial", new
            {
                events = new[] { "trial.ending" },
                steps = new object[]
                {
                    new { id = "wait", type = "delay", duration_seconds = (int)Delay.TotalSeconds },
                    new { id = "tell", type = "send", template = "trial", channels = new[] { "webhook" } },
                    new { id = "again", type = "delay", duration_seconds = 2 },
                    new { id = "last", type = "send", template = "last-call", channels = new[] { "webhook" } },
                },
            });
            await PutAsync(http, "/v1/workflows/comments", new
            {
                events = new[] { "comment.added" },
                steps = new object[]
                {
                    new { id = "gather", type = "digest", key = "{{payload.doc}}", window_seconds = (int)Delay.TotalSeconds },
                    new { id = "tell", type = "send", template = "comments", channels = new[] { "webhook" } },
                },
            });

            reported = DateTimeOffset.UtcNow;
            var accepted = await http.PostAsJsonAsync("/v1/events", new { name = "trial.ending", user_ids = users, payload = new { days = 3 }, idempotency_key = "trial-batch-1" });
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
            runs = [.. (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
            foreach (var by in new[] { "ann", "bo", "cy" })
            {
                var comment = await http.PostAsJsonAsync("/v1/events", new { name = "comment.added", user_id = "u0", payload = new { doc = "plan", by } });
                comments.Add((await comment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs")[0].GetProperty("id").GetString()!);
            }

            await Eventually.TrueAsync(async () =>
            {
                var states = await Task.WhenAll(runs.Select(id => http.GetFromJsonAsync<JsonElement>($"/v1/workflow-runs/{id}")));
                return states.All(s => s.GetProperty("status").GetString() == "waiting");
            }, "every run to be waiting in its delay");
            Assert.Empty(sink.Received);
            first.Kill();
        }

        var killedAt = DateTimeOffset.UtcNow;
        await using var second = await SiloProcess.StartAsync(_data, siloPort, Settings);
        using var client = new HttpClient { BaseAddress = second.BaseAddress };
        // The digest is sent by the run that reached it first, whichever of the three that was.
        var digestSends = comments.Select(run => $"{run}-tell").ToArray();
        var sends = runs.SelectMany(run => new[] { $"{run}-tell", $"{run}-last" }).ToArray();
        await Eventually.TrueAsync(() => sends.All(sink.Accepted.Contains) && digestSends.Any(sink.Accepted.Contains), "every run's every send after the restart", TimeSpan.FromSeconds(90));
        var digestLeader = comments.Single(run => sink.Accepted.Contains($"{run}-tell"));
        sends = [.. sends, $"{digestLeader}-tell"];
        var finished = await Task.WhenAll(runs.Select(id => client.GetFromJsonAsync<JsonElement>($"/v1/workflow-runs/{id}")));

        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        var firstSends = sink.Received.Where(r => r.Id.EndsWith("-tell", StringComparison.Ordinal) && r.Id != $"{digestLeader}-tell").ToArray();
        Assert.All(firstSends, r => Assert.True(r.At >= reported + Delay, $"{r.Id} was sent {r.At - reported} after the event, before its delay of {Delay}"));
        Assert.All(firstSends, r => Assert.Equal("3 days left of your trial", r.Body.GetProperty("data").GetProperty("message").GetString()));
        Assert.Equal(sends.Length, sink.Received.Select(r => r.Id).Distinct().Count());
        var digest = sink.Received.First(r => r.Id == $"{digestLeader}-tell");
        Assert.Equal("3 comments: ann bo cy", digest.Body.GetProperty("data").GetProperty("message").GetString());
        Assert.All(finished, run => Assert.Equal(["wait", "tell", "again", "last"], run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step_id").GetString())));
        Assert.All(finished, run => Assert.Equal("completed", run.GetProperty("status").GetString()));
        output.WriteLine($"{runs.Length} runs killed in their delays; {sink.Received.Count} requests for {sends.Length} sends after the restart; the first {firstSends.Min(r => r.At) - killedAt} after the kill");
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static async Task PutAsync(HttpClient http, string path, object body)
    {
        var response = await http.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {await response.Content.ReadAsStringAsync()}");
    }
}
