using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class DeliveryEngineTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("delivery-engine-").FullName;

    [Fact]
    public async Task At_most_once_never_repeats_an_attempt_the_receiver_may_have_but_retries_one_it_refused()
    {
        await using var sink = await WebhookSink.StartAsync();
        // The first request hangs until the test ends, well past the timeout; the refused one is answered 503 at once.
        // The timeout leaves room for a loaded CI machine: an answer that takes longer would be a timeout too.
        var hung = new TaskCompletionSource();
        sink.Hold = arrival => arrival == 1 ? hung.Task : Task.CompletedTask;
        sink.Respond = arrival => arrival == 2 ? 503 : 200;
        await using var silo = await GrainsSilo.StartAsync(settings: new()
        {
            ["Notifications:Delivery:WebhookTimeout"] = "00:00:01.500",
            ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050",
        });
        await silo.User("t", "amy").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("m1", new NotificationRequest("t", "amy", "Timed out", Mode: DeliveryMode.AtMostOnce));
        var failed = await silo.WaitForAsync("m1", NotificationStatus.Failed);
        await silo.AcceptAsync("m2", new NotificationRequest("t", "amy", "Refused, then taken", Mode: DeliveryMode.AtMostOnce));
        var delivered = await silo.WaitForAsync("m2", NotificationStatus.Delivered);
        hung.SetResult();

        Assert.Contains("at_most_once does not send again", failed.History[^1].Reason);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(["m1", "m2", "m2"], sink.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task At_least_once_and_exactly_once_retry_a_timed_out_attempt_under_the_same_id()
    {
        await using var sink = await WebhookSink.StartAsync();
        var hung = new TaskCompletionSource();
        sink.Hold = arrival => arrival is 1 or 3 ? hung.Task : Task.CompletedTask;
        await using var silo = await GrainsSilo.StartAsync(settings: new()
        {
            ["Notifications:Delivery:WebhookTimeout"] = "00:00:01.500",
            ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050",
        });
        await silo.User("t", "ben").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("l1", new NotificationRequest("t", "ben", "Hi"));
        await silo.WaitForAsync("l1", NotificationStatus.Delivered);
        await silo.AcceptAsync("e1", new NotificationRequest("t", "ben", "Hi", Mode: DeliveryMode.ExactlyOnce));
        var exactly = await silo.WaitForAsync("e1", NotificationStatus.Delivered);
        hung.SetResult();

        Assert.Equal(["l1", "l1", "e1", "e1"], sink.Received.Select(r => r.Id));
        // Exactly once puts the attempt on record before it starts.
        Assert.Equal(
            [NotificationStatus.Accepted, NotificationStatus.Routing, NotificationStatus.Sending, NotificationStatus.Scheduled,
                NotificationStatus.Routing, NotificationStatus.Sending, NotificationStatus.Sent, NotificationStatus.Delivered],
            exactly.History.Select(t => t.Status));
    }

    [Fact]
    public async Task A_send_at_in_the_future_waits_for_its_time_and_survives_a_restart()
    {
        var time = new JumpingTimeProvider(Start);
        var path = Path.Combine(_directory, "scheduled.db");
        await using var sink = await WebhookSink.StartAsync();
        await using (var first = await GrainsSilo.StartAsync(time, sqlitePath: path))
        {
            await first.User("t", "cat").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
            var accepted = await first.AcceptAsync("s1", new NotificationRequest("t", "cat", "Happy new year", SendAt: Start.AddHours(1)));
            Assert.Equal(NotificationStatus.Scheduled, accepted.Status);
            Assert.Equal(Start.AddHours(1), accepted.NextAttemptAt);
            time.Advance(TimeSpan.FromMinutes(59));
            await Task.Delay(100);
            Assert.Empty(sink.Received);
        }

        await using var second = await GrainsSilo.StartAsync(time, sqlitePath: path);
        time.Advance(TimeSpan.FromMinutes(1));
        var delivered = await second.WaitForAsync("s1", NotificationStatus.Delivered);

        Assert.True(delivered.DeliveredAt >= Start.AddHours(1));
        Assert.Single(sink.Received);
    }

    [Fact]
    public async Task A_local_send_time_follows_the_users_time_zone()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.User("t", "dee").UpdateAsync(new UserUpdate(TimeZone: "America/New_York"));
        await silo.User("t", "eli").UpdateAsync(new UserUpdate(TimeZone: "Asia/Tokyo"));
        var nineAmTomorrow = new DateTime(2026, 11, 23, 9, 0, 0);

        await silo.AcceptAsync("z1", new NotificationRequest("t", "dee", "Good morning", SendAtLocal: nineAmTomorrow));
        await silo.AcceptAsync("z2", new NotificationRequest("t", "eli", "Good morning", SendAtLocal: nineAmTomorrow));
        var newYork = await silo.WaitForAsync("z1", NotificationStatus.Scheduled);
        var tokyo = await silo.WaitForAsync("z2", NotificationStatus.Scheduled);

        // New York is at UTC-5 in November, Tokyo at UTC+9.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), newYork.NextAttemptAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), tokyo.NextAttemptAt);
        time.Advance(TimeSpan.FromHours(12));
        await silo.WaitForAsync("z2", NotificationStatus.Delivered);
        Assert.Equal(NotificationStatus.Scheduled, (await silo.Notification("z1").GetAsync("t"))!.Status);
        time.Advance(TimeSpan.FromHours(14));
        await silo.WaitForAsync("z1", NotificationStatus.Delivered);
    }

    [Fact]
    public async Task An_expired_notification_is_never_sent_even_while_it_waits_for_a_retry()
    {
        var time = new JumpingTimeProvider(Start);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = _ => 503;
        await using var silo = await GrainsSilo.StartAsync(time, settings: new() { ["Notifications:Delivery:RetryBaseDelay"] = "00:10:00" });
        await silo.User("t", "fin").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("x1", new NotificationRequest("t", "fin", "Flash sale ends soon", ExpiresAt: Start.AddMinutes(1)));
        await silo.WaitForAsync("x1", NotificationStatus.Scheduled);
        await silo.AcceptAsync("x2", new NotificationRequest("t", "fin", "Later", SendAt: Start.AddHours(1), ExpiresAt: Start.AddHours(2)));
        time.Advance(TimeSpan.FromMinutes(1));
        var expired = await silo.WaitForAsync("x1", NotificationStatus.Expired);

        Assert.Contains("expired", expired.History[^1].Reason);
        Assert.Single(sink.Received);
        Assert.Equal(NotificationStatus.Scheduled, (await silo.Notification("x2").GetAsync("t"))!.Status);
    }

    [Fact]
    public async Task The_same_dedupe_key_within_its_window_is_suppressed_as_a_duplicate()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        var alert = new NotificationRequest("t", "gil", "Disk almost full", DedupeKey: "disk-alert", DedupeWindow: TimeSpan.FromMinutes(10));

        await silo.AcceptAsync("d1", alert);
        await silo.WaitForAsync("d1", NotificationStatus.Delivered);
        time.Advance(TimeSpan.FromMinutes(9));
        await silo.AcceptAsync("d2", alert);
        var duplicate = await silo.WaitForAsync("d2", NotificationStatus.Suppressed);
        await silo.AcceptAsync("d3", alert with { DedupeKey = "another-alert" });
        time.Advance(TimeSpan.FromMinutes(2));
        await silo.AcceptAsync("d4", alert);

        Assert.Contains("duplicate of notification d1", duplicate.History[^1].Reason);
        await silo.WaitForAsync("d3", NotificationStatus.Delivered);
        await silo.WaitForAsync("d4", NotificationStatus.Delivered);
    }

    [Fact]
    public async Task Rate_limits_defer_or_suppress_per_channel_and_category_and_critical_is_exempt()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time, settings: new()
        {
            ["Notifications:RateLimits:Rules:0:Channel"] = "log",
            ["Notifications:RateLimits:Rules:0:Category"] = "news",
            ["Notifications:RateLimits:Rules:0:Limit"] = "2",
            ["Notifications:RateLimits:Rules:0:Per"] = "01:00:00",
            ["Notifications:RateLimits:Rules:1:Category"] = "promo",
            ["Notifications:RateLimits:Rules:1:Limit"] = "1",
            ["Notifications:RateLimits:Rules:1:Per"] = "1.00:00:00",
            ["Notifications:RateLimits:Rules:1:Action"] = "Suppress",
        });
        var news = new NotificationRequest("t", "hugo", "News", Category: "news");

        await silo.AcceptAsync("r1", news);
        await silo.AcceptAsync("r2", news);
        await silo.WaitForAsync("r1", NotificationStatus.Delivered);
        await silo.WaitForAsync("r2", NotificationStatus.Delivered);
        await silo.AcceptAsync("r3", news);
        var deferred = await silo.WaitForAsync("r3", NotificationStatus.Scheduled);
        await silo.AcceptAsync("r4", news with { Priority = Priority.Critical });
        await silo.AcceptAsync("p1", new NotificationRequest("t", "hugo", "Sale", Category: "promo"));
        // The lanes route notifications side by side: the second waits for the first to have taken the one token.
        await silo.WaitForAsync("p1", NotificationStatus.Delivered);
        await silo.AcceptAsync("p2", new NotificationRequest("t", "hugo", "Sale again", Category: "promo"));

        await silo.WaitForAsync("r4", NotificationStatus.Delivered);
        var suppressed = await silo.WaitForAsync("p2", NotificationStatus.Suppressed);
        Assert.Contains("rate limit of 2 per 01:00:00", deferred.History[^1].Reason);
        // Two an hour: the next token is there half an hour later.
        // Half an hour after the bucket's first send, which the running clock puts a moment after Start.
        Assert.InRange(deferred.NextAttemptAt!.Value, Start.AddMinutes(30), Start.AddMinutes(30).AddSeconds(30));
        Assert.Contains("rate limit of 1", suppressed.History[^1].Reason);
        time.Advance(TimeSpan.FromMinutes(30));
        await silo.WaitForAsync("r3", NotificationStatus.Delivered);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
