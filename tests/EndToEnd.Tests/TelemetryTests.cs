using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

public sealed class TelemetryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("telemetry-").FullName;

    [Fact]
    public async Task A_real_Prometheus_server_scrapes_the_silos_metrics()
    {
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort());
        var (prometheus, prometheusPort) = await StartPrometheusAsync(silo, rules: null);
        try
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            for (var i = 0; i < 20; i++)
            {
                (await http.PostAsJsonAsync("v1/notifications", new { user_id = $"p{i % 4}", message = $"Metric {i}", priority = i < 5 ? "high" : "normal" })).EnsureSuccessStatusCode();
            }

            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/") };
            double? delivered = null, high = null, up = null, writes = null, collections = null;
            await Eventually.TrueAsync(async () =>
            {
                delivered = await ValueAsync(query, """sum(notifications_transitions_total{status="delivered"})""");
                high = await ValueAsync(query, """sum(notifications_accept_to_delivered_seconds_count{priority="high"})""");
                up = await ValueAsync(query, """up{job="notifications"}""");
                // The store's writes (the 20 notifications were stored) and the runtime's own meter.
                writes = await ValueAsync(query, "notifications_storage_writes_total");
                collections = await ValueAsync(query, "dotnet_gc_collections_total");
                return delivered == 20 && high == 5 && up == 1 && writes > 0 && collections is not null;
            }, "Prometheus to have scraped 20 deliveries", TimeSpan.FromSeconds(60));
            output.WriteLine($"delivered {delivered}, high {high}, up {up}, storage writes {writes}");
        }
        finally
        {
            prometheus.Kill();
            prometheus.Dispose();
        }
    }

    /// <remarks>
    /// The rules are loaded as shipped but for their waiting times (<c>for:</c>), which would hold a test for minutes;
    /// the expressions are what is checked.
    /// </remarks>
    [Fact]
    public async Task The_shipped_alerting_rules_pass_promtool_and_a_real_provider_outage_fires_them_in_Prometheus()
    {
        var shipped = Path.Combine(SiloProcess.RepositoryRoot(), "docs", "alerts.yml");
        using (var check = Process.Start(new ProcessStartInfo("promtool", ["check", "rules", shipped]) { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            var checkOutput = await check.StandardOutput.ReadToEndAsync() + await check.StandardError.ReadToEndAsync();
            await check.WaitForExitAsync();
            Assert.True(check.ExitCode == 0, checkOutput);
        }

        var rules = Path.Combine(_data, "alerts.yml");
        await File.WriteAllTextAsync(rules, System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(shipped), @"for: \d+m", "for: 0s"));
        // An SMS provider that does not answer at all: every send fails, its circuit opens and stays open.
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort(), new Dictionary<string, string>
        {
            ["Notifications:PublicBaseUrl"] = "https://notify.example.com",
            ["Notifications:Providers:sms:0:Type"] = "twilio",
            ["Notifications:Providers:sms:0:BaseUrl"] = $"http://127.0.0.1:{WebhookSink.FreePort()}",
            ["Notifications:Providers:sms:0:AccountSid"] = "AC" + new string('a', 32),
            ["Notifications:Providers:sms:0:AuthToken"] = new string('b', 32),
            ["Notifications:Providers:sms:0:From"] = "+15005550006",
            ["Notifications:Providers:sms:0:CircuitBreaker:MinimumThroughput"] = "5",
            ["Notifications:Providers:sms:0:CircuitBreaker:SamplingDuration"] = "00:00:30",
            ["Notifications:Providers:sms:0:CircuitBreaker:BreakDuration"] = "00:10:00",
            ["Notifications:Delivery:RetrySchedules:sms"] = "",
            ["Notifications:Delivery:MaxAttempts"] = "1",
        });
        var (prometheus, prometheusPort) = await StartPrometheusAsync(silo, rules);
        try
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/") };
            // Sent over several scrapes, so that the rate of dead letters has a before and an after to be measured by.
            for (var i = 0; i < 30; i++)
            {
                (await http.PutAsJsonAsync($"v1/users/s{i}", new { phone = $"+4915110{i:D6}" })).EnsureSuccessStatusCode();
                (await http.PostAsJsonAsync("v1/notifications", new { user_id = $"s{i}", message = $"Code {i}", channel = "sms" })).EnsureSuccessStatusCode();
                await Task.Delay(200);
            }

            string[] firing = [];
            await Eventually.TrueAsync(async () =>
            {
                var alerts = (await query.GetFromJsonAsync<JsonElement>("api/v1/alerts")).GetProperty("data").GetProperty("alerts");
                firing = [.. alerts.EnumerateArray().Where(a => a.GetProperty("state").GetString() == "firing").Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!).Distinct().Order()];
                return firing.Length >= 3;
            }, "the outage's alerts to fire", TimeSpan.FromSeconds(90));
            output.WriteLine($"firing: {string.Join(", ", firing)}");

            Assert.Equal(["NotificationsChannelDown", "NotificationsDeadLettering", "NotificationsProviderCircuitOpen"], firing);
        }
        finally
        {
            prometheus.Kill();
            prometheus.Dispose();
        }
    }

    [Fact]
    public async Task Traces_run_from_the_accepting_request_to_the_provider_call_and_go_out_over_OTLP()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort(), new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        (await http.PutAsJsonAsync("v1/users/tracy", new { webhook = new { url = sink.Url, secret = sink.Secret } })).EnsureSuccessStatusCode();

        var accepted = await http.PostAsJsonAsync("v1/notifications", new { user_id = "tracy", message = "Traced" });
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        ReceivedSpan? deliver = null, request = null, call = null;
        using var spansOnFailure = new OutputOnDispose(() => output.WriteLine(string.Join("\n", receiver.Spans.Select(s => $"{s.TraceId} {s.SpanId} <- {s.ParentSpanId}: {s.Name} {string.Join(",", s.Attributes)}"))));
        await Eventually.TrueAsync(() =>
        {
            deliver = receiver.Spans.FirstOrDefault(s => s.Name == "notification.deliver" && s.Attributes.GetValueOrDefault("notification.id") == id);
            // Up from the delivery step, through the grain calls between, to the request that accepted the notification.
            request = deliver is null ? null : Ancestors(receiver.Spans, deliver).FirstOrDefault(s => s.Name.StartsWith("POST /v1/notifications", StringComparison.Ordinal));
            // Down from the delivery step, through the channel grain's call, to the webhook request.
            call = deliver is null ? null : receiver.Spans.FirstOrDefault(s => s.Name == "POST" && Ancestors(receiver.Spans, s).Any(a => a.SpanId == deliver.SpanId));
            return Task.FromResult(deliver is not null && request is not null && call is not null);
        }, "the accept, the delivery step and the webhook call to arrive as one trace", TimeSpan.FromSeconds(30));

        Assert.Equal(request!.TraceId, deliver!.TraceId);
        Assert.Equal(deliver.TraceId, call!.TraceId);
        Assert.StartsWith("POST /v1/notifications", request.Name);
        Assert.Equal(sink.Url, call.Attributes["url.full"]);
        // The webhook's receiver sees the same trace, so its own spans join it.
        Assert.Contains(deliver.TraceId, sink.Received.Single().TraceParent);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>A Prometheus that scrapes the silo every second as job <c>notifications</c> and evaluates <paramref name="rules"/>.</summary>
    private async Task<(Process Prometheus, int Port)> StartPrometheusAsync(SiloProcess silo, string? rules)
    {
        var port = WebhookSink.FreePort();
        var config = Path.Combine(_data, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [{(rules is null ? "" : $"\"{rules}\"")}]
            scrape_configs:
              - job_name: notifications
                static_configs:
                  - targets: ["127.0.0.1:{silo.Port}"]
            """);
        var prometheus = Process.Start(new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_data, "tsdb")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("prometheus did not start; test.sh installs it from Debian's packages.");
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        return (prometheus, port);
    }

    private static IEnumerable<ReceivedSpan> Ancestors(IReadOnlyCollection<ReceivedSpan> spans, ReceivedSpan span)
    {
        for (var parent = spans.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = spans.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }

    /// <summary>Shows what the receiver got, whether the test passes or times out waiting.</summary>
    private sealed class OutputOnDispose(Action write) : IDisposable
    {
        public void Dispose() => write();
    }

    private static async Task<double?> ValueAsync(HttpClient prometheus, string promQl)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promQl)}");
        var result = answer.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
