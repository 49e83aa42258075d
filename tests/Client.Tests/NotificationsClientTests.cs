using System.Text.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Client.Tests;

public sealed class NotificationsClientTests : IAsyncLifetime
{
    private const string ApiKey = "client-tests-key-0123456789";

    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:ApiKeys:0:Tenant"] = "shop",
        ["Notifications:ApiKeys:0:Key"] = ApiKey,
        ["Notifications:Delivery:MaxAttemptsOverrides:webhook.low"] = "1",
    });

    private WebhookSink _sink = null!;

    public async Task InitializeAsync() => _sink = await WebhookSink.StartAsync();

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task The_registered_client_sends_reads_and_manages_users()
    {
        var client = Client();

        var user = await client.UpdateUserAsync("ola", new UpdateUser("nb", new WebhookSettings(_sink.Url, _sink.Secret)));
        var sent = await client.SendAsync(new SendNotification("ola", "Pakken din er sendt", Title: "Order", Priority: NotificationPriority.High, Category: "orders"));
        var delivered = await WaitForAsync(client, sent.Id, NotificationState.Delivered);
        var preferences = await client.UpdatePreferencesAsync("ola", new UpdatePreferences(Categories: new Dictionary<string, bool> { ["marketing"] = false }));
        await client.TrackEngagementAsync(sent.Id, new TrackEngagement("ola", Engagement.Clicked));

        Assert.Equal("nb", user.Language);
        Assert.Equal(NotificationState.Accepted, sent.Status);
        Assert.Equal(NotificationPriority.High, delivered.Priority);
        Assert.Equal("webhook", delivered.Channel);
        Assert.Contains(delivered.History, t => t.Status == NotificationState.Sending && t.Attempt == 1);
        Assert.False(preferences.Categories["marketing"]);
        Assert.Equal(Engagement.Clicked, Assert.Single((await client.GetAsync(sent.Id))!.Engagements).Action);
        Assert.Null(await client.GetAsync("no-such-notification"));
        Assert.Null(await client.GetUserAsync("nobody"));
    }

    [Fact]
    public async Task A_batch_send_returns_one_result_per_item()
    {
        var client = Client();

        var result = await client.SendBatchAsync(Enumerable.Range(0, 20).Select(i => new SendNotification($"b{i}", $"Hello {i}")));

        Assert.Equal(20, result.Results.Count);
        Assert.All(result.Results, r => Assert.Equal(NotificationState.Accepted, r.Status));
        foreach (var item in result.Results)
        {
            await WaitForAsync(client, item.Id!, NotificationState.Delivered);
        }
    }

    [Fact]
    public async Task A_lost_answer_is_retried_with_the_same_idempotency_key_and_nothing_is_sent_twice()
    {
        var lossy = new LoseFirstResponseHandler("/v1/notifications");
        var client = Client(lossy);
        await client.UpdateUserAsync("pia", new UpdateUser(Webhook: new WebhookSettings(_sink.Url, _sink.Secret)));

        var sent = await client.SendAsync(new SendNotification("pia", "Exactly one"));
        await WaitForAsync(client, sent.Id, NotificationState.Delivered);
        await Task.Delay(200);

        Assert.Equal(2, lossy.IdempotencyKeys.Count);
        Assert.Single(lossy.IdempotencyKeys.Distinct());
        Assert.Single(_sink.Received);
    }

    [Fact]
    public async Task Refusals_surface_as_exceptions_with_the_fields_at_fault()
    {
        var client = Client();
        var unauthenticated = Client(apiKey: null);

        var invalid = await Assert.ThrowsAsync<NotificationsApiException>(() => client.SendAsync(new SendNotification("", "no user")));
        var unauthorized = await Assert.ThrowsAsync<NotificationsApiException>(() => unauthenticated.SendAsync(new SendNotification("x", "y")));
        var missing = await Assert.ThrowsAsync<NotificationsApiException>(() => client.CancelAsync("missing"));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("user_id", invalid.Errors.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_in_app_inbox_is_read_and_marked_through_the_client()
    {
        var client = Client();
        // One after the other: the inbox lists newest first, and two sends in flight at once may arrive in either order.
        var first = await client.SendAsync(new SendNotification("nia", "Welcome aboard", Title: "Hi", Channel: "inapp"));
        await WaitForAsync(client, first.Id, NotificationState.Delivered);
        var second = await client.SendAsync(new SendNotification("nia", "Your trial ends in 3 days", Channels: ["inapp"]));
        await WaitForAsync(client, second.Id, NotificationState.Delivered);

        var inbox = await client.ListInboxAsync("nia");
        var read = await client.MarkInboxReadAsync("nia", new MarkInboxItems([first.Id]));
        var archived = await client.ArchiveInboxAsync("nia", new MarkInboxItems([second.Id]));
        var active = await client.ListInboxAsync("nia", "active");

        Assert.Equal([second.Id, first.Id], inbox.Items.Select(i => i.NotificationId));
        Assert.Equal(2, inbox.UnreadCount);
        Assert.Equal(new MarkInboxResult(1, 1), read);
        Assert.Equal(new MarkInboxResult(1, 0), archived);
        Assert.Equal(first.Id, Assert.Single(active.Items).NotificationId);
    }

    [Fact]
    public async Task Templates_are_published_previewed_and_sent_through_the_client()
    {
        var client = Client();
        var published = await client.PublishTemplateAsync("welcome", new PublishTemplate(new Dictionary<string, TemplateLocale>
        {
            ["default"] = new("Welcome, {{user.first_name}}!", Title: "Hello"),
            ["nb"] = new("Velkommen, {{user.first_name}}!", Title: "Hei"),
        }));
        await client.UpdateUserAsync("siv", new UpdateUser("nb", Attributes: new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["first_name"] = System.Text.Json.JsonSerializer.SerializeToElement("Siv"),
        }));
        var preview = await client.PreviewTemplateAsync("welcome", new PreviewTemplate(UserId: "siv"));
        var sent = await client.SendAsync(new SendNotification("siv", null, Template: "welcome", Channel: "inapp"));
        await WaitForAsync(client, sent.Id, NotificationState.Delivered);
        var inbox = await client.ListInboxAsync("siv");
        var refused = await Assert.ThrowsAsync<NotificationsApiException>(() => client.SendAsync(new SendNotification("nobody-yet", null, Template: "welcome", Channel: "inapp")));

        Assert.Equal(1, published.Version);
        Assert.Equal(("nb", "Velkommen, Siv!"), (preview.Locale, preview.Channels["inapp"].Body));
        Assert.Equal(("Hei", "Velkommen, Siv!"), (inbox.Items[0].Title, inbox.Items[0].Message));
        Assert.Equal(1, sent.TemplateVersion);
        Assert.True(refused.Errors!.ContainsKey("user.first_name"));
        Assert.Equal(2, (await client.GetTemplateAsync("welcome"))!.Locales.Count);
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_replayed_through_the_client()
    {
        var client = Client();
        await client.UpdateUserAsync("zed", new UpdateUser(Webhook: new WebhookSettings(_sink.Url, _sink.Secret)));
        _sink.Respond = _ => 500;

        // One attempt for low priority through webhooks, as configured above; normal keeps its eight.
        var sent = await client.SendAsync(new SendNotification("zed", "Promo", Priority: NotificationPriority.Low));
        await WaitForAsync(client, sent.Id, NotificationState.DeadLettered);
        var list = await client.ListDeadLettersAsync();
        _sink.Respond = _ => 200;
        var replay = await client.ReplayDeadLettersAsync(new ReplayDeadLetters([sent.Id, "unknown"]));

        Assert.Equal(sent.Id, Assert.Single(list.Items).NotificationId);
        Assert.Equal(1, list.Items[0].Attempts);
        Assert.Equal(1, replay.Replayed);
        Assert.Equal(["unknown"], replay.Skipped);
        await WaitForAsync(client, sent.Id, NotificationState.Delivered);
        Assert.Empty((await client.ListDeadLettersAsync()).Items);
    }

    [Fact]
    public async Task The_client_manages_topics_audiences_and_a_users_personal_data()
    {
        var client = Client();
        foreach (var (user, plan) in new[] { ("t-ana", "pro"), ("t-ben", "free"), ("t-cid", "pro") })
        {
            await client.UpdateUserAsync(user, new UpdateUser(Attributes: new Dictionary<string, System.Text.Json.JsonElement> { ["plan"] = System.Text.Json.JsonSerializer.SerializeToElement(plan) }));
        }

        var topic = await client.CreateTopicAsync(new CreateTopic("Releases", "inapp", Id: "releases"));
        var subscribed = await client.SubscribeManyAsync("releases", [new TopicSubscriber("t-ana"), new TopicSubscriber("t-ben", Priority: NotificationPriority.High)]);
        await client.SubscribeAsync("releases", "t-cid", new SubscribeToTopic("log"));
        await client.UnsubscribeAsync("releases", "t-cid");
        var topicSend = await client.SendToTopicAsync("releases", new FanOutNotification("Version 3 is out"));
        TopicSendInfo? fannedOut = null;
        await Eventually.TrueAsync(async () => (fannedOut = await client.GetTopicSendAsync("releases", topicSend.Id))?.Status == FanOutState.Completed, "the topic send to fan out");
        var count = await client.CountAudienceAsync("plan == \"pro\"");
        var audienceSend = await client.SendToAudienceAsync("plan == \"pro\"", new FanOutNotification("Pro tips", Channel: "inapp"));
        AudienceSendInfo? scanned = null;
        await Eventually.TrueAsync(async () => (scanned = await client.GetAudienceSendAsync(audienceSend.Id))?.Status == FanOutState.Completed, "the audience send to finish");
        await Eventually.TrueAsync(async () => (await client.ListInboxAsync("t-ana")).Items.Count == 2, "both to reach Ana's inbox");
        var topics = await client.ListTopicsAsync();
        var export = await client.ExportUserAsync("t-ana");
        await client.DeleteUserAsync("t-ana");

        Assert.Equal(("releases", "inapp"), (topic.Id, topic.ServiceType));
        Assert.Equal(2, subscribed.Added);
        Assert.Equal(2, fannedOut!.Notifications);
        Assert.Equal(2, count.Matched);
        Assert.Equal(2, scanned!.Notifications);
        Assert.Equal("releases", Assert.Single(topics.Items).Id);
        Assert.Equal(["releases"], export!.User!.Topics);
        Assert.Equal(2, export.Notifications.Count);
        Assert.Equal(2, export.Inbox.Count);
        Assert.Null(await client.ExportUserAsync("t-ana"));
        Assert.Null(await client.GetUserAsync("t-ana"));
    }

    [Fact]
    public async Task The_client_searches_the_message_log_and_manages_event_endpoints()
    {
        var client = Client();
        await using var events = await WebhookSink.StartAsync();
        var endpoint = await client.CreateEventEndpointAsync(new CreateEventEndpoint(events.Url, ["notification.delivered"], "orders", events.Secret));
        await client.UpdateUserAsync("ivo", new UpdateUser(Webhook: new WebhookSettings(_sink.Url, _sink.Secret)));
        var sent = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add((await client.SendAsync(new SendNotification("ivo", $"Order {i}", Category: "orders"))).Id);
        }

        NotificationLog log = null!;
        await Eventually.TrueAsync(async () => (log = await client.SearchAsync(new NotificationSearch(UserId: "ivo", Status: NotificationState.Delivered, Category: "orders"))).Items.Count == 3,
            "the three to be in the log, delivered");
        var firstPage = await client.SearchAsync(new NotificationSearch(UserId: "ivo"), limit: 2);
        var secondPage = await client.SearchAsync(new NotificationSearch(UserId: "ivo"), limit: 2, cursor: firstPage.NextCursor);
        await Eventually.TrueAsync(() => events.Received.Count >= 3, "the delivered events");
        EventEndpointInfo? status = null;
        await Eventually.TrueAsync(async () => (status = await client.GetEventEndpointAsync(endpoint.Id))!.Delivery!.Delivered >= 3, "the endpoint's count");
        var listed = await client.ListEventEndpointsAsync();
        var changed = await client.UpdateEventEndpointAsync(endpoint.Id, new UpdateEventEndpoint(Types: ["notification.*"]));
        var replayed = await client.ReplayEventsAsync(endpoint.Id, DateTimeOffset.UtcNow.AddMinutes(-5));
        await client.DeleteEventEndpointAsync(endpoint.Id);

        Assert.Equal(sent.AsEnumerable().Reverse(), log.Items.Select(n => n.Id));
        Assert.All(log.Items, n => Assert.Equal("webhook", n.Channel));
        Assert.Equal(sent.AsEnumerable().Reverse(), firstPage.Items.Concat(secondPage.Items).Select(n => n.Id));
        Assert.Null(secondPage.NextCursor);
        Assert.Equal(events.Secret, endpoint.Secret);
        Assert.Null(Assert.Single(listed).Secret);
        Assert.Equal(["notification.*"], changed.Types);
        Assert.True(replayed.Events >= 3);
        Assert.Null(await client.GetEventEndpointAsync(endpoint.Id));
        Assert.All(events.Received, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task The_client_publishes_a_workflow_reports_an_event_once_though_an_answer_is_lost_and_follows_the_run()
    {
        var lost = new LoseBodyOfFirstEventHandler();
        var client = Client(lost);
        await client.PublishTemplateAsync("welcome", new PublishTemplate(new Dictionary<string, TemplateLocale> { ["default"] = new("Welcome, {{payload.name}}") }));
        var workflow = await client.PublishWorkflowAsync("onboarding", new PublishWorkflow(["user.signed_up"],
        [
            new WorkflowStepInfo("hello", WorkflowStepType.Send, Template: "welcome", Channels: ["inapp"]),
            new WorkflowStepInfo("later", WorkflowStepType.Delay, DurationSeconds: 86_400),
            new WorkflowStepInfo("tips", WorkflowStepType.Send, Template: "welcome", Channels: ["inapp"]),
        ]));
        var dryRun = await client.DryRunWorkflowAsync("onboarding", new WorkflowDryRun("kai", JsonSerializer.SerializeToElement(new { name = "Kai" })));

        var accepted = await client.TriggerAsync(new TriggerEvent("user.signed_up", UserId: "kai", Payload: JsonSerializer.SerializeToElement(new { name = "Kai" })));
        WorkflowRunInfo? run = null;
        await Eventually.TrueAsync(async () => (run = await client.GetWorkflowRunAsync(accepted.Runs[0].Id))!.CurrentStep == "later", "the run to wait a day");
        var cancelled = await client.CancelWorkflowRunAsync(run!.Id);

        Assert.Equal(1, workflow.Version);
        Assert.Equal("Welcome, Kai", dryRun.Steps[0].Rendered!["inapp"].Body);
        Assert.Equal(2, lost.Calls);
        Assert.Single(accepted.Runs);
        Assert.Equal(WorkflowRunState.Waiting, run.Status);
        Assert.Equal(WorkflowRunState.Cancelled, cancelled.Status);
        Assert.Single((await client.ListInboxAsync("kai")).Items);
        Assert.Null(await client.GetWorkflowRunAsync("run_00000000000000000000000000000000"));
        Assert.Null(await client.GetWorkflowAsync("nothing"));
    }

    /// <summary>Lets the first event through to the silo and drops its answer, as a lost connection would.</summary>
    private sealed class LoseBodyOfFirstEventHandler : DelegatingHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri?.AbsolutePath == "/v1/events" && Interlocked.Increment(ref _calls) == 1)
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }

            return response;
        }
    }

    private NotificationsClient Client(DelegatingHandler? handler = null, string? apiKey = ApiKey)
    {
        var services = new ServiceCollection();
        services.AddNotificationsClient(options =>
            {
                options.BaseAddress = _silo.Server.BaseAddress;
                options.ApiKey = apiKey;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            })
            .ConfigurePrimaryHttpMessageHandler(() => _silo.Server.CreateHandler())
            .AddHttpMessageHandler(() => handler ?? new PassThroughHandler());
        return services.BuildServiceProvider().GetRequiredService<NotificationsClient>();
    }

    private static async Task<NotificationInfo> WaitForAsync(NotificationsClient client, string id, NotificationState state)
    {
        NotificationInfo? info = null;
        await Eventually.TrueAsync(async () => (info = await client.GetAsync(id))?.Status == state, $"notification {id} to become {state}");
        return info!;
    }

    private sealed class PassThroughHandler : DelegatingHandler;
}
