using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class NotificationGrainTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("notification-grain-").FullName;

    [Fact]
    public async Task Without_an_endpoint_a_notification_is_delivered_through_the_log_and_every_transition_is_recorded()
    {
        await using var silo = await GrainsSilo.StartAsync();

        await silo.AcceptAsync("n1", new NotificationRequest("t", "alice", "Your code is 123456", Priority: Priority.Critical));
        var delivered = await silo.WaitForAsync("n1", NotificationStatus.Delivered);

        Assert.Equal(
            [NotificationStatus.Accepted, NotificationStatus.Routing, NotificationStatus.Sending, NotificationStatus.Sent, NotificationStatus.Delivered],
            delivered.History.Select(t => t.Status));
        Assert.Equal("log", delivered.History[^1].Channel);
        Assert.Equal(1, delivered.Attempts);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.True(delivered.History.Zip(delivered.History.Skip(1)).All(pair => pair.First.At <= pair.Second.At));
    }

    [Fact]
    public async Task A_webhook_delivery_is_signed_and_carries_the_notification_id_as_webhook_id()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync();
        await silo.User("t", "bob").UpdateAsync(new UserUpdate("de", sink.Url, sink.Secret));

        await silo.AcceptAsync("n2", new NotificationRequest("t", "bob", "Order shipped", Title: "Orders", Category: "orders"));
        var delivered = await silo.WaitForAsync("n2", NotificationStatus.Delivered);

        var received = Assert.Single(sink.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal("n2", received.Id);
        Assert.Equal("notification.created", received.Body.GetProperty("type").GetString());
        Assert.Equal("Order shipped", received.Body.GetProperty("data").GetProperty("message").GetString());
        Assert.Equal("de", received.Body.GetProperty("data").GetProperty("language").GetString());
        Assert.Equal("webhook", delivered.History[^1].Channel);
    }

    [Fact]
    public async Task A_rotated_secret_signs_alongside_the_new_one_for_a_day_then_stops()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        var port = WebhookSink.FreePort();
        var path = WebhookSink.NewPath();
        var (oldSecret, newSecret) = (WebhookSecret.Generate(), WebhookSecret.Generate());
        await using var silo = await GrainsSilo.StartAsync(time);
        var user = silo.User("t", "rot");
        await user.UpdateAsync(new UserUpdate(WebhookUrl: $"http://127.0.0.1:{port}{path}", WebhookSecret: oldSecret));
        var rotated = await user.UpdateAsync(new UserUpdate(WebhookUrl: $"http://127.0.0.1:{port}{path}", WebhookSecret: newSecret));

        async Task<bool> DeliveredAndValidUnderAsync(string secret, string id)
        {
            await using var sink = await WebhookSink.StartAsync(port, secret, path);
            await silo.AcceptAsync(id, new NotificationRequest("t", "rot", "Hello"));
            await silo.WaitForAsync(id, NotificationStatus.Delivered);
            return Assert.Single(sink.Received).SignatureValid;
        }

        Assert.True(await DeliveredAndValidUnderAsync(oldSecret, "rot-1"), "a receiver still on the old secret");
        Assert.True(await DeliveredAndValidUnderAsync(newSecret, "rot-2"), "a receiver on the new secret");
        time.Advance(UserGrain.SecretRotationOverlap);
        Assert.False(await DeliveredAndValidUnderAsync(oldSecret, "rot-3"), "the old secret after the overlap");
        Assert.Equal(oldSecret, rotated.Webhook!.PreviousSecret);
        Assert.InRange(rotated.Webhook.PreviousSecretExpiresAt!.Value, time.GetUtcNow() - TimeSpan.FromSeconds(30), time.GetUtcNow());
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_backoff_and_then_delivered()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = arrival => arrival <= 2 ? 503 : 200;
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.User("t", "carol").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("n3", new NotificationRequest("t", "carol", "Hello"));
        var waiting = await silo.WaitForAsync("n3", NotificationStatus.Scheduled);
        Assert.Contains("503", waiting.History[^1].Reason);

        for (var i = 0; i < 40 && (await silo.Notification("n3").GetAsync("t"))!.Status != NotificationStatus.Delivered; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        var delivered = await silo.WaitForAsync("n3", NotificationStatus.Delivered);
        Assert.Equal(3, delivered.Attempts);
        Assert.Equal(3, sink.Received.Count);
        Assert.Single(sink.Received.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task A_repeated_accept_of_a_notification_stored_without_its_reminder_puts_the_reminder_back()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        var path = Path.Combine(_directory, "no-reminder.db");
        var request = new NotificationRequest("t", "lou", "Later", SendAt: time.GetUtcNow().AddHours(1));
        await using (var first = await GrainsSilo.StartAsync(time, sqlitePath: path))
        {
            await first.AcceptAsync("lost-1", request);
            // As a build that wrote the state before its reminder could leave it, dying between the two.
            var table = first.Services.GetRequiredService<IReminderTable>();
            var reminder = await table.ReadRow(GrainId.Create(NotificationGrain.GrainTypeName, "lost-1"), "resume");
            Assert.True(await table.RemoveRow(reminder!.GrainId, reminder.ReminderName, reminder.ETag!));
        }

        await using var second = await GrainsSilo.StartAsync(time, sqlitePath: path);
        var repeat = await second.Notification("lost-1").AcceptAsync(request, "h1");
        await second.AdvanceUntilAsync(time, "lost-1", NotificationStatus.Delivered, step: TimeSpan.FromMinutes(1), maxSteps: 120);

        Assert.Equal(AcceptOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(NotificationStatus.Delivered, (await second.Notification("lost-1").GetAsync("t"))!.Status);
    }

    [Fact]
    public async Task A_reminder_registered_before_a_crash_kept_its_state_from_being_written_finds_nothing_and_goes()
    {
        var path = Path.Combine(_directory, "ghost.db");
        var ghost = GrainId.Create(NotificationGrain.GrainTypeName, "ghost-1");
        // What an accept leaves when the process dies right after its reminder is written and before its state is
        // (the reminder comes first, so that a stored notification always has one): a reminder and nothing else.
        await using (var crashed = new SqliteGrainStorage(
            Microsoft.Extensions.Options.Options.Create(new SqliteStorageOptions { Path = path }), Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteGrainStorage>.Instance, TimeProvider.System))
        {
            await ((IReminderTable)crashed).UpsertRow(new ReminderEntry { GrainId = ghost, ReminderName = "resume", StartAt = DateTime.UtcNow, Period = TimeSpan.FromSeconds(1) });
        }

        await using var silo = await GrainsSilo.StartAsync(sqlitePath: path);
        var table = silo.Services.GetRequiredService<IReminderTable>();
        await Eventually.TrueAsync(async () => await table.ReadRow(ghost, "resume") is null, "the reminder with no notification behind it to be removed", TimeSpan.FromSeconds(60));

        Assert.Null(await silo.Notification("ghost-1").GetAsync("t"));
    }

    [Fact]
    public async Task A_gone_endpoint_fails_the_notification_without_retrying_and_is_disabled_until_set_again()
    {
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = arrival => arrival == 1 ? 410 : 200;
        await using var silo = await GrainsSilo.StartAsync();
        await silo.User("t", "dan").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("n4", new NotificationRequest("t", "dan", "Hello"));
        var failed = await silo.WaitForAsync("n4", NotificationStatus.Failed);
        var disabled = (await silo.User("t", "dan").GetAsync()).Webhook!;
        await silo.AcceptAsync("n4b", new NotificationRequest("t", "dan", "Anyone there?", Channel: ChannelNames.Webhook));
        var suppressed = await silo.WaitForAsync("n4b", NotificationStatus.Suppressed);
        // Without a channel asked for, it is not handed to the silo's log as if delivered either.
        await silo.AcceptAsync("n4d", new NotificationRequest("t", "dan", "Still there?"));
        var alsoSuppressed = await silo.WaitForAsync("n4d", NotificationStatus.Suppressed);

        await silo.User("t", "dan").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url));
        await silo.AcceptAsync("n4c", new NotificationRequest("t", "dan", "Back again"));
        await silo.WaitForAsync("n4c", NotificationStatus.Delivered);

        Assert.Contains("410", failed.History[^1].Reason);
        Assert.True(disabled.Disabled);
        Assert.Contains("410", disabled.DisabledBecause);
        Assert.Contains("webhook endpoint is disabled", suppressed.History[^1].Reason);
        Assert.Contains("410", alsoSuppressed.History[^1].Reason);
        Assert.Equal(["n4", "n4c"], sink.Received.Select(r => r.Id));
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task After_the_last_attempt_the_notification_is_dead_lettered_and_a_replay_delivers_it()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        var healthy = false;
        sink.Respond = _ => healthy ? 200 : 500;
        await using var silo = await GrainsSilo.StartAsync(time, settings: new() { ["Notifications:Delivery:MaxAttempts"] = "3" });
        await silo.User("t", "erin").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("n5", new NotificationRequest("t", "erin", "Hello"));
        await silo.AdvanceUntilAsync(time, "n5", NotificationStatus.DeadLettered);
        var deadLettered = await silo.WaitForAsync("n5", NotificationStatus.DeadLettered);
        var listed = await silo.Client.GetGrain<IDeadLetterGrain>("t").ListAsync(null, 10);

        healthy = true;
        var (outcome, _) = await silo.Notification("n5").ReplayAsync("t");
        var delivered = await silo.WaitForAsync("n5", NotificationStatus.Delivered);

        Assert.StartsWith("Gave up after 3 attempts.", deadLettered.History[^1].Reason);
        var entry = Assert.Single(listed.Items);
        Assert.Equal(("n5", "erin", 3), (entry.NotificationId, entry.UserId, entry.Attempts));
        Assert.Equal(ReplayOutcome.Replayed, outcome);
        Assert.Equal(4, delivered.Attempts);
        Assert.Equal(4, sink.Received.Count);
        Assert.Empty((await silo.Client.GetGrain<IDeadLetterGrain>("t").ListAsync(null, 10)).Items);
        Assert.Equal(ReplayOutcome.NotDeadLettered, (await silo.Notification("n5").ReplayAsync("t")).Outcome);
        Assert.Equal(ReplayOutcome.NotFound, (await silo.Notification("n5").ReplayAsync("other")).Outcome);
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_on_the_Standard_Webhooks_schedule_then_dead_lettered()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = _ => 500;
        await using var silo = await GrainsSilo.StartAsync(time, settings: new()
        {
            ["Notifications:Delivery:RetrySchedules:webhook"] = new DeliveryOptions().RetrySchedules[ChannelNames.Webhook],
        });
        await silo.User("t", "sam").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        TimeSpan[] expected = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
            TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)];

        await silo.AcceptAsync("sw", new NotificationRequest("t", "sam", "Order shipped", Channel: ChannelNames.Webhook));
        var waits = new List<TimeSpan>();
        foreach (var _ in expected)
        {
            var scheduled = await silo.WaitForAsync("sw", NotificationStatus.Scheduled);
            var attempts = sink.Received.Count;
            waits.Add(scheduled.NextAttemptAt!.Value - time.GetUtcNow());
            await JumpUntilAsync(time, scheduled.NextAttemptAt!.Value - time.GetUtcNow(), () => sink.Received.Count > attempts, "the next attempt");
        }

        var deadLettered = await silo.WaitForAsync("sw", NotificationStatus.DeadLettered);

        Assert.Equal(10, sink.Received.Count);
        Assert.Equal(10, deadLettered.Attempts);
        Assert.All(sink.Received, r => Assert.Equal("sw", r.Id));
        for (var i = 0; i < expected.Length; i++)
        {
            // Give or take a tenth, so that notifications failing together do not come back together.
            Assert.InRange(waits[i], expected[i] * 0.9, expected[i] * 1.1);
        }
    }

    [Fact]
    public async Task A_receiver_that_asks_for_a_longer_wait_with_Retry_After_gets_it()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = arrival => arrival == 1 ? 429 : arrival == 2 ? 503 : 200;
        sink.FailureHeaders["Retry-After"] = "600";
        await using var silo = await GrainsSilo.StartAsync(time, settings: new()
        {
            ["Notifications:Delivery:RetrySchedules:webhook"] = new DeliveryOptions().RetrySchedules[ChannelNames.Webhook],
        });
        await silo.User("t", "ria").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("ra", new NotificationRequest("t", "ria", "Slow down", Channel: ChannelNames.Webhook));
        var first = await silo.WaitForAsync("ra", NotificationStatus.Scheduled);
        var firstWait = first.NextAttemptAt!.Value - time.GetUtcNow();
        await JumpUntilAsync(time, firstWait, () => sink.Received.Count == 2, "the second attempt");
        var second = await silo.WaitForAsync("ra", NotificationStatus.Scheduled);
        var secondWait = second.NextAttemptAt!.Value - time.GetUtcNow();
        time.Advance(secondWait);
        var delivered = await silo.WaitForAsync("ra", NotificationStatus.Delivered);

        // The schedule says 5 s and then 5 min; the receiver asked for 10 minutes each time.
        // Measured against a clock that runs on while the test reads it: a wait of ten minutes less the moment it took to read.
        Assert.InRange(firstWait, TimeSpan.FromSeconds(595), TimeSpan.FromSeconds(600));
        Assert.InRange(secondWait, TimeSpan.FromSeconds(595), TimeSpan.FromSeconds(600));
        Assert.Contains("429", first.History[^1].Reason);
        Assert.Contains("503", second.History[^1].Reason);
        Assert.Equal(3, delivered.Attempts);
    }

    [Fact]
    public async Task Preferences_suppress_an_opted_out_category_and_a_disabled_channel()
    {
        await using var silo = await GrainsSilo.StartAsync();
        await silo.User("t", "fay").UpdatePreferencesAsync(new PreferenceUpdate(Categories: new Dictionary<string, bool> { ["marketing"] = false }));
        await silo.User("t", "gus").UpdatePreferencesAsync(new PreferenceUpdate(Channels: new Dictionary<string, bool> { ["log"] = false }));

        await silo.AcceptAsync("n6", new NotificationRequest("t", "fay", "Sale!", Category: "marketing"));
        await silo.AcceptAsync("n7", new NotificationRequest("t", "fay", "Receipt", Category: "transactional"));
        await silo.AcceptAsync("n8", new NotificationRequest("t", "gus", "Hi"));

        Assert.Contains("marketing", (await silo.WaitForAsync("n6", NotificationStatus.Suppressed)).History[^1].Reason);
        await silo.WaitForAsync("n7", NotificationStatus.Delivered);
        Assert.Contains("log", (await silo.WaitForAsync("n8", NotificationStatus.Suppressed)).History[^1].Reason);
    }

    [Fact]
    public async Task The_same_request_under_the_same_id_is_a_duplicate_and_another_is_a_conflict()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync();
        await silo.User("t", "hal").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        var request = new NotificationRequest("t", "hal", "Once");

        await silo.AcceptAsync("n9", request, "hash-a");
        var again = await silo.Notification("n9").AcceptAsync(request, "hash-a");
        var different = await silo.Notification("n9").AcceptAsync(request with { Message = "Twice" }, "hash-b");
        await silo.WaitForAsync("n9", NotificationStatus.Delivered);

        Assert.Equal(AcceptOutcome.Duplicate, again.Outcome);
        Assert.Equal(AcceptOutcome.Conflict, different.Outcome);
        Assert.Single(sink.Received);
    }

    [Fact]
    public async Task A_notification_waiting_for_a_retry_can_be_cancelled_and_is_then_never_sent()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = arrival => arrival == 1 ? 503 : 200;
        // Full jitter may draw a retry due at once: a long base delay keeps it due only after the jump.
        await using var silo = await GrainsSilo.StartAsync(time, settings: new() { ["Notifications:Delivery:RetryBaseDelay"] = "00:30:00" });
        await silo.User("t", "ivy").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        await silo.AcceptAsync("n10", new NotificationRequest("t", "ivy", "Hello"));
        await silo.WaitForAsync("n10", NotificationStatus.Scheduled);

        var (outcome, cancelled) = await silo.Notification("n10").CancelAsync("t");
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(100);

        Assert.Equal(CancelOutcome.Cancelled, outcome);
        Assert.Equal(NotificationStatus.Cancelled, cancelled!.Status);
        Assert.Single(sink.Received);
        Assert.Equal(CancelOutcome.TooLate, (await silo.Notification("n10").CancelAsync("t")).Outcome);
        Assert.Equal(CancelOutcome.NotFound, (await silo.Notification("n10").CancelAsync("other-tenant")).Outcome);
    }

    [Fact]
    public async Task Engagements_are_recorded_once_and_only_for_the_notifications_user()
    {
        await using var silo = await GrainsSilo.StartAsync();
        await silo.AcceptAsync("n11", new NotificationRequest("t", "jo", "Hello"));

        Assert.True(await silo.Notification("n11").TrackEngagementAsync("t", "jo", EngagementAction.Opened));
        Assert.True(await silo.Notification("n11").TrackEngagementAsync("t", "jo", EngagementAction.Opened));
        Assert.True(await silo.Notification("n11").TrackEngagementAsync("t", "jo", EngagementAction.Clicked));
        Assert.False(await silo.Notification("n11").TrackEngagementAsync("t", "someone-else", EngagementAction.Opened));
        Assert.False(await silo.Notification("missing").TrackEngagementAsync("t", "jo", EngagementAction.Opened));

        var snapshot = await silo.Notification("n11").GetAsync("t");
        Assert.Equal([EngagementAction.Opened, EngagementAction.Clicked], snapshot!.Engagements.Select(e => e.Action));
    }

    [Fact]
    public async Task A_notification_stranded_by_a_stopped_silo_is_delivered_by_the_next_one_over_the_same_file()
    {
        var path = Path.Combine(_directory, "silo.db");
        await using var sink = await WebhookSink.StartAsync();
        var firstSiloStopped = false;
        sink.Respond = _ => firstSiloStopped ? 200 : 503;
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.200",
            ["Notifications:Delivery:RetryMaxDelay"] = "00:00:00.500",
            // A stop between the state write and the reminder's update leaves the reminder as it was: the
            // notification is then resumed within this interval, the bound the engine promises.
            ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
            // The first silo retries for as long as its stop takes (seconds on a loaded machine): its attempts must
            // not run out before the second silo is there to deliver.
            ["Notifications:Delivery:MaxAttempts"] = "1000",
        };
        await using (var first = await GrainsSilo.StartAsync(sqlitePath: path, settings: settings))
        {
            await first.User("t", "kim").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
            await first.AcceptAsync("n12", new NotificationRequest("t", "kim", "Survive"));
            await first.WaitForAsync("n12", NotificationStatus.Scheduled);
        }

        firstSiloStopped = true;
        await using var second = await GrainsSilo.StartAsync(sqlitePath: path, settings: settings);

        var delivered = await second.WaitForAsync("n12", NotificationStatus.Delivered);
        Assert.True(delivered.Attempts >= 2);
        Assert.All(sink.Received, r => Assert.True(r.SignatureValid));
        Assert.Single(sink.Accepted);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// Jumps over a wait, and again should the attempt not come: a timer that Orleans' reminder service sets while a
    /// jump is being made is left to real time (see <see cref="JumpingTimeProvider"/>), and a second jump passes it.
    /// </summary>
    private static async Task JumpUntilAsync(JumpingTimeProvider time, TimeSpan wait, Func<bool> arrived, string what)
    {
        time.Advance(wait);
        for (var jumps = 1; jumps < 4; jumps++)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (!arrived() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            if (arrived())
            {
                return;
            }

            time.Advance(wait);
        }

        await Eventually.TrueAsync(arrived, what);
    }
}
