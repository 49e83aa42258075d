using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

/// <summary>The service's own alerts, raised by real conditions on a two-silo cluster and told to an event endpoint.</summary>
public sealed class AlertTests
{
    [Fact]
    public async Task A_provider_outage_raises_circuit_and_channel_alerts_and_resolves_both_when_the_provider_recovers()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = TwilioChannelTests.Settings(("sms", twilio));
        settings["Notifications:Providers:sms:0:Name"] = "only";
        settings["Notifications:Providers:sms:0:CircuitBreaker:MinimumThroughput"] = "5";
        settings["Notifications:Providers:sms:0:CircuitBreaker:SamplingDuration"] = "00:00:05";
        settings["Notifications:Providers:sms:0:CircuitBreaker:BreakDuration"] = "00:00:00.500";
        settings["Notifications:Alerts:Tenant"] = "ops";
        settings["Notifications:Alerts:CheckEvery"] = "00:00:00.200";
        settings["Notifications:EventWebhooks:EndpointsCacheFor"] = "00:00:00.200";
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: settings);
        await silo.Client.GetGrain<IEventEndpointsGrain>("ops").CreateAsync(sink.Url, ["alert.*"], "on-call", sink.Secret);
        for (var i = 0; i < 10; i++)
        {
            await silo.User("t", $"u{i}").UpdateAsync(new UserUpdate(Phone: $"+491511000{i:D4}"));
        }

        twilio.Unavailable = true;
        var n = 0;
        await Eventually.TrueAsync(async () =>
        {
            await silo.AcceptAsync($"o{n}", new NotificationRequest("t", $"u{n % 10}", $"Outage {n}", Channel: ChannelNames.Sms));
            n++;
            await Task.Delay(20);
            return Raised(sink, AlertKinds.ProviderCircuitOpen) is not null && Raised(sink, AlertKinds.ChannelDown) is not null;
        }, "the circuit and channel alerts", TimeSpan.FromSeconds(30));

        var circuit = Raised(sink, AlertKinds.ProviderCircuitOpen)!.Value;
        Assert.Equal("sms", circuit.GetProperty("channel").GetString());
        Assert.Equal("only", circuit.GetProperty("provider").GetString());
        Assert.Contains("circuit", circuit.GetProperty("reason").GetString());
        Assert.Null(Resolved(sink, circuit.GetProperty("alert_id").GetString()!));

        twilio.Unavailable = false;
        await Eventually.TrueAsync(async () =>
        {
            await silo.AcceptAsync($"r{n}", new NotificationRequest("t", $"u{n % 10}", $"Recovered {n}", Channel: ChannelNames.Sms));
            n++;
            await Task.Delay(50);
            return (await silo.Client.GetGrain<IServiceAlertsGrain>(0).ActiveAsync()).Count == 0;
        }, "the alerts to be resolved", TimeSpan.FromSeconds(30));

        var channel = Raised(sink, AlertKinds.ChannelDown)!.Value;
        await Eventually.TrueAsync(() => Resolved(sink, circuit.GetProperty("alert_id").GetString()!) is not null && Resolved(sink, channel.GetProperty("alert_id").GetString()!) is not null,
            "the resolved events");
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        Assert.All(sink.Received, r => Assert.StartsWith("alert.", r.Body.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_backlog_that_keeps_growing_raises_an_alert_that_is_resolved_once_it_drains()
    {
        await using var users = await WebhookSink.StartAsync();
        var gate = new TaskCompletionSource();
        users.Hold = _ => gate.Task;
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new()
        {
            ["Notifications:Alerts:Tenant"] = "ops",
            ["Notifications:Alerts:CheckEvery"] = "00:00:00.200",
            ["Notifications:Alerts:BacklogGrowingFor"] = "00:00:01.500",
            ["Notifications:Alerts:BacklogFloor"] = "20",
            ["Notifications:Delivery:MaxConcurrentSends"] = "2",
            ["Notifications:Delivery:RetrySchedules:webhook"] = "",
            ["Notifications:EventWebhooks:EndpointsCacheFor"] = "00:00:00.200",
        }, silos: 1);
        await silo.Client.GetGrain<IEventEndpointsGrain>("ops").CreateAsync(sink.Url, ["alert.raised", "alert.resolved"], null, sink.Secret);
        await silo.User("t", "slow").UpdateAsync(new UserUpdate(WebhookUrl: users.Url, WebhookSecret: users.Secret));

        var n = 0;
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < 10; i++, n++)
            {
                await silo.AcceptAsync($"b{n}", new NotificationRequest("t", "slow", $"Queued {n}"));
            }

            await Task.Delay(100);
            return Raised(sink, AlertKinds.BacklogGrowing) is not null;
        }, "the backlog alert", TimeSpan.FromSeconds(30));

        var raised = Raised(sink, AlertKinds.BacklogGrowing)!.Value;
        Assert.Contains("backlog grew", raised.GetProperty("reason").GetString());
        gate.SetResult();
        await Eventually.TrueAsync(() => Resolved(sink, raised.GetProperty("alert_id").GetString()!) is not null, "the backlog alert to be resolved once it drains", TimeSpan.FromSeconds(60));
    }

    private static JsonElement? Raised(WebhookSink sink, string kind) =>
        sink.Received.Select(r => r.Body).Where(b => b.GetProperty("type").GetString() == EventTypes.AlertRaised)
            .Select(b => b.GetProperty("data")).Cast<JsonElement?>().FirstOrDefault(d => d!.Value.GetProperty("alert").GetString() == kind);

    private static JsonElement? Resolved(WebhookSink sink, string alertId) =>
        sink.Received.Select(r => r.Body).Where(b => b.GetProperty("type").GetString() == EventTypes.AlertResolved)
            .Select(b => b.GetProperty("data")).Cast<JsonElement?>().FirstOrDefault(d => d!.Value.GetProperty("alert_id").GetString() == alertId);
}
