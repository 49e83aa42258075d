using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Testing;

namespace Notifications.Client.Tests;

/// <summary>A service in the cluster that meets back-pressure: the client waits as the answer asks and tries again, as over HTTP.</summary>
public sealed class NotificationsClusterClientRetryTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:Delivery:MaxConcurrentSends"] = "4",
        ["Notifications:Delivery:MaxBacklog"] = "5",
        // The whole backlog is this one tenant's to fill.
        ["Notifications:Delivery:MaxBacklogPerTenant"] = "5",
    });

    private WebhookSink _sink = null!;

    public async Task InitializeAsync()
    {
        _sink = await WebhookSink.StartAsync();
        _ = _silo.Server;
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task A_send_refused_while_the_service_is_busy_is_sent_again_after_the_wait_the_answer_asks()
    {
        using var retrying = await StartServiceAsync(maxRetries: 3);
        using var notRetrying = await StartServiceAsync(maxRetries: 0);
        var client = retrying.Services.GetRequiredService<NotificationsClusterClient>();
        await client.UpdateUserAsync("busy", new UpdateUser(Webhook: new WebhookSettings(_sink.Url, _sink.Secret)));
        // Deliveries before the jam: the wait a refusal asks for is the backlog over the rate the lanes have delivered at.
        for (var i = 0; i < 20; i++)
        {
            await client.SendAsync(new SendNotification("busy", $"Before {i}"));
            await Eventually.TrueAsync(() => Task.FromResult(_sink.Received.Count == i + 1), "each send before to be delivered");
        }

        var gate = new TaskCompletionSource();
        _sink.Hold = _ => gate.Task;
        // Three low ones take the slots low priority may use; the next five wait in the lanes, which is the limit.
        for (var i = 0; i < 8; i++)
        {
            await client.SendAsync(new SendNotification("busy", $"Promo {i}", Priority: NotificationPriority.Low));
        }

        await Eventually.TrueAsync(() => Task.FromResult(_sink.Received.Count == 23), "three sends to be in flight");
        var refused = await Assert.ThrowsAsync<NotificationsApiException>(() =>
            notRetrying.Services.GetRequiredService<NotificationsClusterClient>().SendAsync(new SendNotification("busy", "Refused", Priority: NotificationPriority.Low)));
        var retried = client.SendAsync(new SendNotification("busy", "Sent on a later try", Priority: NotificationPriority.Low));
        await Task.Delay(300);
        var waitingWhileBusy = !retried.IsCompleted;
        gate.SetResult();
        var accepted = await retried;

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(waitingWhileBusy, "the send was answered while the service was busy");
        Assert.Equal(NotificationState.Accepted, accepted.Status);
        await Eventually.TrueAsync(async () => (await client.GetAsync(accepted.Id))?.Status == NotificationState.Delivered, "the retried send to be delivered");
    }

    private async Task<IHost> StartServiceAsync(int maxRetries)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Orleans:GatewayPort"] = _silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddNotificationsClusterClient(builder.Configuration, options => options.MaxRetries = maxRetries);
        var service = builder.Build();
        await service.StartAsync();
        return service;
    }
}
