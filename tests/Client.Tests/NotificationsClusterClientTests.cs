using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Grains;
using Notifications.Testing;

namespace Notifications.Client.Tests;

/// <summary>A .NET service that joins the embedded silo as an Orleans client, as one in a cluster does through its gateways.</summary>
public sealed class NotificationsClusterClientTests : IAsyncLifetime
{
    private const string ApiKey = "cluster-client-tests-key-0123";

    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:ApiKeys:0:Tenant"] = "shop",
        ["Notifications:ApiKeys:0:Key"] = ApiKey,
    });

    private WebhookSink _sink = null!;

    private IHost _service = null!;

    private NotificationsClusterClient Client => _service.Services.GetRequiredService<NotificationsClusterClient>();

    public async Task InitializeAsync()
    {
        _sink = await WebhookSink.StartAsync();
        _ = _silo.Server;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Orleans:GatewayPort"] = _silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddNotificationsClusterClient(builder.Configuration, options => options.Tenant = "shop");
        _service = builder.Build();
        await _service.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync();
        _service.Dispose();
        await _silo.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task A_service_in_the_cluster_manages_users_sends_reads_and_cancels_without_http()
    {
        var user = await Client.UpdateUserAsync("ola", new UpdateUser("nb", new WebhookSettings(_sink.Url, _sink.Secret)));
        var sent = await Client.SendAsync(new SendNotification("ola", "Pakken din er sendt", Title: "Order", Priority: NotificationPriority.High), idempotencyKey: "order-1");
        var repeated = await Client.SendAsync(new SendNotification("ola", "Pakken din er sendt", Title: "Order", Priority: NotificationPriority.High), idempotencyKey: "order-1");
        var delivered = await WaitForAsync(sent.Id, NotificationState.Delivered);
        var later = await Client.SendAsync(new SendNotification("ola", "Tomorrow", SendAt: DateTimeOffset.UtcNow.AddDays(1)));
        var cancelled = await Client.CancelAsync(later.Id);
        var batch = await Client.SendBatchAsync(Enumerable.Range(0, 5).Select(i => new SendNotification("ola", $"Item {i}")));
        // The same tenant's notification, read over HTTP with its API key.
        var http = _silo.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var overHttp = await http.GetAsync($"/v1/notifications/{sent.Id}");

        Assert.Equal("nb", user.Language);
        Assert.Equal(sent.Id, repeated.Id);
        Assert.Equal("webhook", delivered.Channel);
        Assert.Equal(NotificationPriority.High, delivered.Priority);
        Assert.Contains(delivered.History, t => t.Status == NotificationState.Sending && t.Attempt == 1);
        Assert.Equal(NotificationState.Cancelled, cancelled.Status);
        Assert.Equal(5, batch.Results.Count);
        foreach (var item in batch.Results)
        {
            await WaitForAsync(item.Id!, NotificationState.Delivered);
        }

        Assert.Equal(HttpStatusCode.OK, overHttp.StatusCode);
        Assert.Equal(6, _sink.Received.Count);
        Assert.Null(await Client.GetAsync("no-such-notification"));
        Assert.Null(await Client.GetUserAsync("nobody"));
    }

    [Fact]
    public async Task A_service_in_the_cluster_reports_events_and_follows_and_cancels_their_runs()
    {
        var services = _service.Services.GetRequiredService<IClusterClient>();
        await services.GetGrain<ITemplatesGrain>("shop").PublishAsync("order", new Dictionary<string, TemplateContent> { ["default"] = new("Order {{payload.id}} is on its way") });
        await services.GetGrain<IWorkflowsGrain>("shop").PublishAsync("shipping", null, ["order.shipped"],
        [
            new WorkflowStep("tell", WorkflowStepKind.Send, Template: "order", Channels: ["inapp"]),
            new WorkflowStep("wait", WorkflowStepKind.Delay, Duration: TimeSpan.FromHours(1)),
            new WorkflowStep("again", WorkflowStepKind.Send, Template: "order", Channels: ["inapp"]),
        ]);

        var accepted = await Client.TriggerAsync(new TriggerEvent("order.shipped", UserIds: ["lea", "max"], Payload: JsonSerializer.SerializeToElement(new { id = "A-1" })));
        var refused = await Assert.ThrowsAsync<NotificationsApiException>(() => Client.TriggerAsync(new TriggerEvent("order shipped", UserId: "lea")));
        WorkflowRunInfo? run = null;
        await Eventually.TrueAsync(async () => (run = await Client.GetWorkflowRunAsync(accepted.Runs[0].Id))!.Status == WorkflowRunState.Waiting, "the run to wait");
        var cancelled = await Client.CancelWorkflowRunAsync(run!.Id);

        Assert.Equal(["lea", "max"], accepted.Runs.Select(r => r.UserId));
        Assert.Contains("name", refused.Errors.Keys);
        Assert.Equal("A-1", run.Payload.GetProperty("id").GetString());
        Assert.Equal(WorkflowRunState.Cancelled, cancelled.Status);
        Assert.Null(await Client.GetWorkflowRunAsync("run_00000000000000000000000000000000"));
    }

    [Fact]
    public async Task A_refused_call_names_the_field_and_the_reason_as_over_http()
    {
        var refused = await Assert.ThrowsAsync<NotificationsApiException>(() => Client.SendAsync(new SendNotification("ola", Message: null, Priority: NotificationPriority.High)));
        var conflict = await Assert.ThrowsAsync<NotificationsApiException>(async () =>
        {
            await Client.SendAsync(new SendNotification("key-user", "First"), idempotencyKey: "once");
            await Client.SendAsync(new SendNotification("key-user", "Another body"), idempotencyKey: "once");
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("message", refused.Errors.Keys);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
    }

    [Fact]
    public async Task A_service_sends_to_a_topic_and_follows_a_users_inbox_as_a_stream()
    {
        var topic = await Client.CreateTopicAsync(new CreateTopic("Releases", ServiceType: "inapp", Id: "releases"));
        var subscribed = await Client.SubscribeAsync("releases", "ida", new SubscribeToTopic());
        await Client.SubscribeAsync("releases", "jon", new SubscribeToTopic());
        await Client.UnsubscribeAsync("releases", "jon");
        using var following = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var inbox = Client.FollowInboxAsync("ida", following.Token).GetAsyncEnumerator(following.Token);
        // The subscription is made at the first MoveNext; what is sent after it is seen.
        var first = inbox.MoveNextAsync().AsTask();
        await Task.Delay(500);

        var send = await Client.SendToTopicAsync("releases", new FanOutNotification("Version 2 is out", Title: "Release"));
        Assert.True(await first);
        var arrived = inbox.Current;
        while (arrived.Notification is null && await inbox.MoveNextAsync())
        {
            arrived = inbox.Current;
        }

        await inbox.DisposeAsync();
        TopicSendInfo? done = null;
        await Eventually.TrueAsync(async () => (done = await Client.GetTopicSendAsync("releases", send.Id))?.Status == FanOutState.Completed, "the send fanned out");

        Assert.Equal("releases", topic.Id);
        Assert.Equal(1, subscribed.Added);
        Assert.Equal("Version 2 is out", arrived.Notification!.Message);
        Assert.Equal(1, arrived.UnreadCount);
        Assert.Equal(1, done!.Notifications);
    }

    [Fact]
    public async Task The_gateway_refuses_a_tenant_the_silos_do_not_know_or_a_null_the_contract_has_none_and_says_when_a_send_was_replayed()
    {
        var gateway = _service.Services.GetRequiredService<IClusterClient>().GetGrain<INotificationsGatewayGrain>(0);

        var unknown = await gateway.GetUserAsync("other", "ola");
        // Not a tenant name at all: as a key prefix it would reach tenant shop's user 'ola'.
        var smuggled = await gateway.GetUserAsync("shop/ola", "x");
        var first = await gateway.SendAsync("shop", new SendNotification("rita", "Once"), "replay-1");
        var again = await gateway.SendAsync("shop", new SendNotification("rita", "Once"), "replay-1");
        var withNull = await gateway.UpdateUserAsync("shop", "rita", new UpdateUser(Devices: [null!]));

        Assert.Equal((403, "Unknown tenant"), (unknown.Status, unknown.Problem?.Title));
        Assert.Equal(403, smuggled.Status);
        Assert.Equal((202, false), (first.Status, first.Replayed));
        Assert.Equal((first.Value!.Id, true), (again.Value!.Id, again.Replayed));
        Assert.Equal(400, withNull.Status);
        Assert.True(withNull.Problem!.Errors!.ContainsKey("devices[0]"));
    }

    private async Task<NotificationInfo> WaitForAsync(string id, NotificationState state)
    {
        NotificationInfo? info = null;
        await Eventually.TrueAsync(async () => (info = await Client.GetAsync(id))?.Status == state, $"notification {id} to become {state}");
        return info!;
    }
}
