using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>A tenant's dead-letter rate alert, told to its event endpoint and mailed to the operator through a real SMTP server.</summary>
public sealed class DeadLetterAlertTests : IAsyncLifetime
{
    private const string SmtpPassword = "smtp-secret-4711";

    private MailDevServer _smtp = null!;
    private SiloFactory _silo = null!;
    private WebhookSink _users = null!;
    private WebhookSink _events = null!;

    public async Task InitializeAsync()
    {
        _smtp = await MailDevServer.StartAsync("notifications", SmtpPassword);
        var settings = SmtpEmailTests.Settings(_smtp.SmtpPort, SmtpPassword);
        settings["Notifications:Alerts:DeadLetters"] = "3";
        settings["Notifications:Alerts:DeadLetterWindow"] = "00:00:05";
        settings["Notifications:Alerts:Email"] = "oncall@example.org";
        settings["Notifications:Delivery:MaxAttempts"] = "1";
        settings["Notifications:EventWebhooks:EndpointsCacheFor"] = "00:00:00.200";
        _silo = new SiloFactory(settings);
        _users = await WebhookSink.StartAsync();
        _events = await WebhookSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _smtp.DisposeAsync();
        await _users.DisposeAsync();
        await _events.DisposeAsync();
    }

    [Fact]
    public async Task Dead_letters_past_the_threshold_raise_an_alert_to_the_endpoint_and_the_operator_and_resolve_it_when_they_stop()
    {
        using var http = _silo.CreateClient();
        (await http.PostAsJsonAsync("/v1/event-endpoints", new { url = _events.Url, secret = _events.Secret, types = new[] { "alert.*" } })).EnsureSuccessStatusCode();
        // Nothing listens at this path: every attempt is a 404, and the one attempt allowed dead-letters each.
        (await http.PutAsJsonAsync("/v1/users/ghost", new { webhook = new { url = _users.Url + "/nobody", secret = _users.Secret } })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            var id = await http.SendNotificationAsync(new { user_id = "ghost", message = $"Lost {i}" });
            await http.WaitForStatusAsync(id, "dead_lettered");
        }

        await Eventually.TrueAsync(() => Of(EventTypesRaised) is not null, "the dead-letter rate alert");
        var raised = Of(EventTypesRaised)!.Value;
        Assert.Equal("dead_letter_rate", raised.GetProperty("alert").GetString());
        Assert.Contains("3 notifications were dead-lettered", raised.GetProperty("reason").GetString());
        var alertId = raised.GetProperty("alert_id").GetString()!;
        await Eventually.TrueAsync(async () => (await _smtp.MessagesAsync()).Any(m => m.GetProperty("subject").GetString()!.StartsWith("[alert] dead letter rate", StringComparison.Ordinal)),
            "the operator's alert email");

        // Five seconds later no dead letter is recent: the alert is resolved, under the same id.
        await Eventually.TrueAsync(() => Of("alert.resolved") is { } resolved && resolved.GetProperty("alert_id").GetString() == alertId, "the alert to be resolved", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await _smtp.MessagesAsync()).Any(m => m.GetProperty("subject").GetString()!.StartsWith("[resolved] dead letter rate", StringComparison.Ordinal)),
            "the operator's resolved email");
        var mail = (await _smtp.MessagesAsync()).First(m => m.GetProperty("subject").GetString()!.StartsWith("[alert]", StringComparison.Ordinal));
        Assert.Equal("oncall@example.org", mail.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Contains(alertId, mail.GetProperty("text").GetString());
        Assert.All(_events.Received, r => Assert.True(r.SignatureValid));
    }

    private const string EventTypesRaised = "alert.raised";

    private JsonElement? Of(string type) =>
        _events.Received.Select(r => r.Body).Where(b => b.GetProperty("type").GetString() == type).Select(b => b.GetProperty("data")).Cast<JsonElement?>().FirstOrDefault();
}
