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
        var prometheusPort = WebhookSink.FreePort();
        var config = Path.Combine(_data, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: notifications
                static_configs:
                  - targets: ["127.0.0.1:{silo.Port}"]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_data, "tsdb")}", $"--web.listen-address=127.0.0.1:{prometheusPort}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("prometheus did not start; test.sh installs it from Debian's packages.");
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            for (var i = 0; i < 20; i++)
            {
                (await http.PostAsJsonAsync("v1/notifications", new { user_id = $"p{i % 4}", message = $"Metric {i}", priority = i < 5 ? "high" : "normal" })).EnsureSuccessStatusCode();
            }

            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/") };
            double? delivered = null, high = null, up = null;
            await Eventually.TrueAsync(async () =>
            {
                delivered = await ValueAsync(query, """sum(notifications_transitions_total{status="delivered"})""");
                high = await ValueAsync(query, """sum(notifications_accept_to_delivered_seconds_count{priority="high"})""");
                up = await ValueAsync(query, """up{job="notifications"}""");
                return delivered == 20 && high == 5 && up == 1;
            }, "Prometheus to have scraped 20 deliveries", TimeSpan.FromSeconds(60));
            output.WriteLine($"delivered {delivered}, high {high}, up {up}");
        }
        finally
        {
            prometheus.Kill();
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
