using Notifications.Testing;

namespace Notifications.Grains.Tests;

/// <summary>A batch whose notifications share a send time waits for it as one stored page, not as a grain per notification.</summary>
public sealed class ScheduledBatchTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("scheduled-batch-").FullName;

    [Fact]
    public async Task A_batch_waits_for_its_send_time_without_an_activation_survives_a_restart_and_is_delivered_then()
    {
        var time = new JumpingTimeProvider(Start);
        var path = Path.Combine(_directory, "scheduled.db");
        await using var sink = await WebhookSink.StartAsync();
        var (page, items) = Batch("batch000000000000000000000000001", Start.AddHours(1), "ann", "ann", "bo");
        await using (var first = await GrainsSilo.StartAsync(time, sqlitePath: path))
        {
            await first.User("t", "ann").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
            await first.User("t", "bo").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
            await first.Client.GetGrain<IFanOutPageGrain>(page).AcceptBatchAsync(items);

            await Eventually.TrueAsync(async () => await PageActivationsAsync(first) == 0, "the waiting page to be let go");
            var waiting = await first.Notification(items[2].NotificationId).GetAsync("t");
            time.Advance(TimeSpan.FromMinutes(59));
            await Task.Delay(200);

            Assert.Equal((NotificationStatus.Scheduled, Start.AddHours(1)), (waiting!.Status, waiting.NextAttemptAt));
            Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Scheduled], waiting.History.Select(t => t.Status));
            Assert.Equal([items[0].NotificationId, items[1].NotificationId], await first.Client.GetGrain<IFanOutPageGrain>(page).NotificationsOfAsync("ann"));
            Assert.Empty(sink.Received);
        }

        await using var second = await GrainsSilo.StartAsync(time, sqlitePath: path);
        time.Advance(TimeSpan.FromMinutes(1));
        var delivered = await Task.WhenAll(items.Select(item => second.WaitForAsync(item.NotificationId, NotificationStatus.Delivered)));

        Assert.All(delivered, notification => Assert.True(notification.DeliveredAt >= Start.AddHours(1)));
        Assert.Equal(
            [NotificationStatus.Accepted, NotificationStatus.Scheduled, NotificationStatus.Routing, NotificationStatus.Sending, NotificationStatus.Sent, NotificationStatus.Delivered],
            delivered[0].History.Select(t => t.Status));
        Assert.Equal(items.Select(i => i.NotificationId).Order(), sink.Received.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_waiting_notification_of_a_batch_can_be_cancelled_or_erased_and_the_rest_go_at_their_time()
    {
        var time = new JumpingTimeProvider(Start);
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.User("t", "cy").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        var (page, items) = Batch("batch000000000000000000000000002", Start.AddHours(2), "cy", "cy", "cy");
        await silo.Client.GetGrain<IFanOutPageGrain>(page).AcceptBatchAsync(items);

        var cancelled = await silo.Notification(items[0].NotificationId).CancelAsync("t");
        var again = await silo.Notification(items[0].NotificationId).CancelAsync("t");
        var erased = await silo.Notification(items[1].NotificationId).EraseAsync("t", []);
        var otherTenant = await silo.Notification(items[2].NotificationId).CancelAsync("u");
        time.Advance(TimeSpan.FromHours(2));
        var delivered = await silo.WaitForAsync(items[2].NotificationId, NotificationStatus.Delivered);
        var tooLate = await silo.Notification(items[2].NotificationId).CancelAsync("t");
        var afterCancel = await silo.Notification(items[0].NotificationId).GetAsync("t");
        var afterErasure = await silo.Notification(items[1].NotificationId).GetAsync("t");

        Assert.Equal(CancelOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Scheduled, NotificationStatus.Cancelled], cancelled.Notification!.History.Select(t => t.Status));
        Assert.Equal(CancelOutcome.TooLate, again.Outcome);
        Assert.True(erased);
        Assert.Equal(CancelOutcome.NotFound, otherTenant.Outcome);
        Assert.Equal(NotificationStatus.Delivered, delivered.Status);
        Assert.Equal(CancelOutcome.TooLate, tooLate.Outcome);
        Assert.Equal(("Cancelled by the sender.", "Item 0"), (afterCancel!.History[^1].Reason, afterCancel.Request.Message));
        Assert.Equal((NotificationStatus.Cancelled, "The user was deleted.", ""), (afterErasure!.Status, afterErasure.History[^1].Reason, afterErasure.Request.Message));
        Assert.Equal([items[2].NotificationId], sink.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task A_batch_whose_waiting_notifications_are_all_cancelled_is_done_and_sends_nothing()
    {
        var time = new JumpingTimeProvider(Start);
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.User("t", "dot").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        var (page, items) = Batch("batch000000000000000000000000003", Start.AddMinutes(5), "dot", "dot");
        await silo.Client.GetGrain<IFanOutPageGrain>(page).AcceptBatchAsync(items);

        await silo.Notification(items[0].NotificationId).CancelAsync("t");
        await silo.Notification(items[1].NotificationId).CancelAsync("t");
        // Past its send time, in steps, so that its release comes and finds nothing left to send.
        for (var minute = 0; minute < 7; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(100);
        }

        var statuses = await Task.WhenAll(items.Select(async item => (await silo.Notification(item.NotificationId).GetAsync("t"))!.Status));

        Assert.Equal([NotificationStatus.Cancelled, NotificationStatus.Cancelled], statuses);
        Assert.True(await silo.Client.GetGrain<IFanOutPageGrain>(page).IsKeptAsync());
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task A_topic_send_for_later_reads_no_page_before_its_time_and_reaches_who_is_subscribed_then()
    {
        var time = new JumpingTimeProvider(Start);
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(time);
        var topic = silo.Client.GetGrain<ITopicGrain>(TopicKey.For("t", "launch"));
        await topic.CreateAsync(new TopicDefinition("Launch", ServiceType: null, Metadata: null, time.GetUtcNow()));
        foreach (var user in new[] { "fay", "gil", "hal" })
        {
            await silo.User("t", user).UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
            await topic.SubscribeAsync([new TopicSubscription(user, Channel: null, Priority: null, time.GetUtcNow())]);
        }

        var sendId = Guid.CreateVersion7().ToString("N");
        await topic.SendAsync(sendId, new NotificationRequest("t", "", "We launch today", SendAt: Start.AddHours(3)), "h");
        var send = silo.Client.GetGrain<ITopicSendGrain>(sendId);
        time.Advance(TimeSpan.FromHours(2));
        await Task.Delay(200);
        var waiting = await send.GetAsync("t");
        var notYet = await silo.Notification(FanOutNotificationId.For(sendId, 0, "fay")).GetAsync("t");
        await topic.UnsubscribeAsync("hal");

        await silo.AdvanceUntilAsync(time, FanOutNotificationId.For(sendId, 0, "gil"), NotificationStatus.Delivered, TimeSpan.FromMinutes(10), maxSteps: 20);
        var fay = await silo.WaitForAsync(FanOutNotificationId.For(sendId, 0, "fay"), NotificationStatus.Delivered);

        Assert.Equal((FanOutStatus.FanningOut, 0), (waiting!.Status, waiting.PagesDone));
        Assert.Null(notYet);
        Assert.DoesNotContain(FanOutNotificationId.For(sendId, 0, "hal"), sink.Received.Select(r => r.Id));
        Assert.True(fay.DeliveredAt >= Start.AddHours(3));
        Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Routing, NotificationStatus.Sending, NotificationStatus.Sent, NotificationStatus.Delivered], fay.History.Select(t => t.Status));
        Assert.Equal(2, sink.Received.Count);
    }

    [Fact]
    public async Task A_batch_whose_notifications_wait_for_different_times_is_refused()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var (page, items) = Batch("batch000000000000000000000000004", now.AddHours(1), "eve", "eve");
        items[1] = items[1] with { Request = items[1].Request! with { SendAt = now.AddHours(2) } };

        await Assert.ThrowsAsync<ArgumentException>(() => silo.Client.GetGrain<IFanOutPageGrain>(page).AcceptBatchAsync(items));
    }

    private static async Task<int> PageActivationsAsync(GrainsSilo silo) =>
        (await silo.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(FanOutPageGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);

    private static (string Page, FanOutRecipient[] Items) Batch(string batchId, DateTimeOffset sendAt, params string[] users) =>
        (FanOutNotificationId.Page(batchId, 0), [.. users.Select((user, i) => new FanOutRecipient(FanOutNotificationId.ForBatchItem(batchId, i), user, Channel: null, Priority.Low,
            new NotificationRequest("t", user, $"Item {i}", Priority: Priority.Low, SendAt: sendAt)))]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
