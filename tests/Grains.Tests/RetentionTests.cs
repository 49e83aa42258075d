using Microsoft.Data.Sqlite;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

/// <summary>Retention, on a SQLite store, with time jumped over days: what finished is removed after the tenant's retention.</summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("retention-").FullName;

    [Fact]
    public async Task Finished_notifications_and_batch_pages_go_after_the_tenants_retention_and_their_ids_answer_unknown()
    {
        var time = new JumpingTimeProvider(Start);
        var path = Path.Combine(_directory, "retention.db");
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(time, sqlitePath: path, settings: new()
        {
            ["Notifications:Retention:SegmentSize"] = "10",
            ["Notifications:Retention:BatchSize"] = "7",
            ["Notifications:Retention:ResumeCheckInterval"] = "00:10:00",
        });
        await silo.Client.GetGrain<ITenantSettingsGrain>("t").SetAsync(TenantSettings.Default with { RetentionDays = 2 });
        await silo.Client.GetGrain<ITenantSettingsGrain>("kept").SetAsync(TenantSettings.Default with { RetentionDays = 30 });
        await silo.User("t", "ann").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        await silo.User("kept", "ann").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        for (var i = 0; i < 25; i++)
        {
            await silo.AcceptAsync($"old{i}", new NotificationRequest("t", "ann", $"Old {i}"));
        }

        await silo.AcceptAsync("other-tenant", new NotificationRequest("kept", "ann", "Kept for 30 days"));
        var batch = "batch000000000000000000000000000";
        var items = Enumerable.Range(0, 5).Select(i => new FanOutRecipient(FanOutNotificationId.ForBatchItem(batch, i), "ann", null, Priority.Normal,
            new NotificationRequest("t", "ann", $"Batch item {i}"))).ToArray();
        await silo.Client.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(batch, 0)).AcceptBatchAsync(items);
        var topic = silo.Client.GetGrain<ITopicGrain>(TopicKey.For("t", "news"));
        await topic.CreateAsync(new TopicDefinition("News", ServiceType: null, Metadata: null, time.GetUtcNow()));
        await topic.SubscribeAsync([new TopicSubscription("ann", Channel: null, Priority: null, time.GetUtcNow())]);
        var sendId = Guid.CreateVersion7().ToString("N");
        await topic.SendAsync(sendId, new NotificationRequest("t", "", "Topic news"), "h");
        var send = silo.Client.GetGrain<ITopicSendGrain>(sendId);
        await Eventually.TrueAsync(async () => (await send.GetAsync("t"))?.Status == FanOutStatus.Completed, "the topic send to be done");
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("hi", new Dictionary<string, TemplateContent> { ["default"] = new("Hi") });
        var workflow = (await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("hello", null, ["said.hi"], [new("hi", WorkflowStepKind.Send, Template: "hi", Channels: [ChannelNames.InApp])]))!;
        var workflowRun = silo.Client.GetGrain<IWorkflowRunGrain>(WorkflowRunIds.ForRun("t", "evt_r", "hello", "ann"));
        await workflowRun.StartAsync(new WorkflowRunStart(new WorkflowEvent("t", "evt_r", "said.hi", System.Text.Json.JsonSerializer.SerializeToElement(new { }), Priority.Normal, time.GetUtcNow()), workflow, "ann", "h"));
        await Eventually.TrueAsync(async () => (await workflowRun.GetAsync("t"))?.Status == WorkflowRunStatus.Completed, "the workflow run to finish");
        await silo.WaitForAsync(WorkflowRunIds.ForSend(WorkflowRunIds.ForRun("t", "evt_r", "hello", "ann"), "hi"), NotificationStatus.Delivered);
        var topicRecipient = FanOutNotificationId.For(sendId, 0, "ann");
        await silo.WaitForAsync(topicRecipient, NotificationStatus.Delivered);
        for (var i = 0; i < 25; i++)
        {
            await silo.WaitForAsync($"old{i}", NotificationStatus.Delivered);
        }

        foreach (var item in items)
        {
            await silo.WaitForAsync(item.NotificationId, NotificationStatus.Delivered);
        }

        await silo.WaitForAsync("other-tenant", NotificationStatus.Delivered, tenant: "kept");
        var before = CountStates(path);

        // A day later, and the day after: within the retention, all there.
        time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(200);
        Assert.NotNull(await silo.Notification("old0").GetAsync("t"));

        // Two days after the end of the day they finished on: removed, in rounds, but for what another tenant keeps longer.
        await silo.AcceptAsync("new", new NotificationRequest("t", "ann", "Sent later"));
        await silo.WaitForAsync("new", NotificationStatus.Delivered);
        time.Advance(TimeSpan.FromDays(1.6));
        await Eventually.TrueAsync(async () => await silo.Notification("old24").GetAsync("t") is null && await silo.Notification(items[4].NotificationId).GetAsync("t") is null,
            "the old notifications and the batch's items to be removed");
        for (var i = 0; i < 25; i++)
        {
            Assert.Null(await silo.Notification($"old{i}").GetAsync("t"));
        }

        Assert.All(items, item => Assert.Null(silo.Notification(item.NotificationId).GetAsync("t").Result));
        await Eventually.TrueAsync(async () => await send.GetAsync("t") is null && await silo.Notification(topicRecipient).GetAsync("t") is null,
            "the topic send and its page to be removed");
        await Eventually.TrueAsync(async () => await workflowRun.GetAsync("t") is null && await silo.Notification(WorkflowRunIds.ForSend(WorkflowRunIds.ForRun("t", "evt_r", "hello", "ann"), "hi")).GetAsync("t") is null,
            "the finished workflow run and its send to be removed");
        Assert.NotNull(await silo.Notification("other-tenant").GetAsync("kept"));
        Assert.NotNull(await silo.Notification("new").GetAsync("t"));
        var after = CountStates(path);
        // 25 removed, and the run's send; "new" was stored since.
        Assert.Equal(26, before["notification"] + 1 - after["notification"]);
        Assert.Equal(1, before["workflowrun"] - after.GetValueOrDefault("workflowrun"));
        Assert.Equal(2, before["fanoutpage"] - after.GetValueOrDefault("fanoutpage"));
        Assert.Equal(1, before["topicsend"] - after.GetValueOrDefault("topicsend"));
        // The journal and its segments go with what they listed; only the day of the later send is still listed.
        await Eventually.TrueAsync(() => CountStates(path).GetValueOrDefault("retentionsegment") == 0, "the journal's segments to be gone");
    }

    [Fact]
    public async Task What_is_held_about_a_user_loses_its_oldest_pages_once_everything_on_them_is_gone()
    {
        var time = new JumpingTimeProvider(Start);
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(time, sqlitePath: Path.Combine(_directory, "records.db"));
        await silo.Client.GetGrain<ITenantSettingsGrain>("t").SetAsync(TenantSettings.Default with { RetentionDays = 1 });
        await silo.User("t", "bea").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        async Task SendAsync(string prefix, int count)
        {
            for (var i = 0; i < count; i++)
            {
                await silo.AcceptAsync($"{prefix}{i}", new NotificationRequest("t", "bea", $"{prefix} {i}"));
            }

            for (var i = 0; i < count; i++)
            {
                await silo.WaitForAsync($"{prefix}{i}", NotificationStatus.Delivered);
            }
        }

        var records = silo.Client.GetGrain<IUserRecordsGrain>(UserKey.For("t", "bea"));
        await SendAsync("first", 70);
        Assert.Equal((2, 0), ((await records.GetAsync()).SealedPages, (await records.GetAsync()).FirstPage));

        // Past the retention the notifications go; the next pages sealed take the oldest pages, whose records all went.
        time.Advance(TimeSpan.FromDays(2.6));
        await Eventually.TrueAsync(async () => await silo.Notification("first69").GetAsync("t") is null, "the first notifications to be removed");
        await SendAsync("later", 64);
        await Eventually.TrueAsync(async () => (await records.GetAsync()).FirstPage == 2, "the two oldest pages to be removed");

        var held = await records.GetAsync();
        Assert.Equal(4, held.SealedPages);
        var kept = await Task.WhenAll(Enumerable.Range(held.FirstPage, held.SealedPages - held.FirstPage)
            .Select(page => silo.Client.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(UserKey.For("t", "bea"), page)).GetAsync()));
        // Page 2 was sealed with the last six of the first ones on it, and stays until it is as old as the retention.
        Assert.Equal(58, kept.SelectMany(page => page).Count(record => record.Key.StartsWith("later", StringComparison.Ordinal)));
        Assert.Empty(await silo.Client.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(UserKey.For("t", "bea"), 0)).GetAsync());
        Assert.Empty(await silo.Client.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(UserKey.For("t", "bea"), 1)).GetAsync());
    }

    private static Dictionary<string, long> CountStates(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, count(*) FROM grain_state GROUP BY grain_type";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
