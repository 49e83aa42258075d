using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

/// <summary>Workflow runs on a two-silo cluster over time a test moves: escalation, digests, delays and branches.</summary>
public sealed class WorkflowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The standard escalation: in-app; SMS if not opened within 5 minutes; a call if the SMS is not delivered.</summary>
    private static readonly WorkflowStep[] Escalation =
    [
        new("in_app", WorkflowStepKind.Send, Template: "security-alert", Channels: [ChannelNames.InApp]),
        new("opened", WorkflowStepKind.Branch, Condition: "steps.in_app.opened", Wait: TimeSpan.FromMinutes(5), Then: "done"),
        new("sms", WorkflowStepKind.Send, Template: "security-alert", Channels: [ChannelNames.Sms]),
        new("sms_delivered", WorkflowStepKind.Branch, Condition: "steps.sms.delivered", Wait: TimeSpan.FromMinutes(2), Then: "done"),
        new("call", WorkflowStepKind.Send, Template: "security-alert", Channels: [ChannelNames.Voice]),
        new("done", WorkflowStepKind.Stop),
    ];

    [Fact]
    public async Task An_unopened_security_alert_escalates_to_sms_and_an_undelivered_sms_to_a_call()
    {
        var time = new JumpingTimeProvider(Start);
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = await EscalationSiloAsync(time, twilio);

        var run = await StartAsync(silo, "security-alert", "login.suspicious", "ann", """{"city": "Lagos"}""", Priority.Critical);
        var inApp = await silo.WaitForAsync(WorkflowRunIds.ForSend(run, "in_app"), NotificationStatus.Delivered);
        var inbox = await silo.Client.GetGrain<IInboxGrain>(UserKey.For("t", "ann")).ListAsync(InboxFilter.All, 10, null);
        Assert.Equal("New sign-in from Lagos", Assert.Single(inbox.Items).Message);
        await WaitForAsync(silo, run, r => r.CurrentStep == "opened" && r.Status == WorkflowRunStatus.Waiting);
        Assert.Empty(twilio.Created);

        // Four minutes pass unopened: still waiting; the fifth ends the wait.
        time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(500);
        Assert.Empty(twilio.Created);
        time.Advance(TimeSpan.FromMinutes(1));
        var sms = await silo.WaitForAsync(WorkflowRunIds.ForSend(run, "sms"), NotificationStatus.Sent);
        Assert.Equal("Messages", Assert.Single(twilio.Created).Resource);
        Assert.Equal("New sign-in from Lagos", twilio.Created.Single().Form["Body"]);

        // The carrier reports the SMS undelivered: the run calls at once, without waiting out its two minutes.
        await silo.Notification(sms.Id).RecordProviderEventAsync(new ProviderEvent("twilio", sms.ProviderMessageId, ProviderEventKind.Failed, "30003 Unreachable handset", time.GetUtcNow()));
        await silo.WaitForAsync(WorkflowRunIds.ForSend(run, "call"), NotificationStatus.Sent);
        var finished = await WaitForAsync(silo, run, r => r.Status == WorkflowRunStatus.Completed);

        Assert.Equal(["Messages", "Calls"], twilio.Created.Select(r => r.Resource));
        Assert.Equal(["in_app", "opened", "sms", "sms_delivered", "call", "done"], finished.Steps.Select(s => s.StepId));
        Assert.Equal("condition did not hold", finished.Steps[1].Outcome);
        Assert.InRange(finished.Steps[1].FinishedAt!.Value - inApp.AcceptedAt, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        Assert.True(finished.Steps[3].FinishedAt - finished.Steps[3].StartedAt < TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task An_alert_read_in_the_inbox_in_time_is_not_escalated_and_a_delivered_sms_is_not_followed_by_a_call()
    {
        var time = new JumpingTimeProvider(Start);
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = await EscalationSiloAsync(time, twilio);

        var read = await StartAsync(silo, "security-alert", "login.suspicious", "ann", """{"city": "Oslo"}""");
        await silo.WaitForAsync(WorkflowRunIds.ForSend(read, "in_app"), NotificationStatus.Delivered);
        time.Advance(TimeSpan.FromMinutes(2));
        await silo.Client.GetGrain<IInboxGrain>(UserKey.For("t", "ann")).MarkReadAsync([WorkflowRunIds.ForSend(read, "in_app")]);
        var notEscalated = await WaitForAsync(silo, read, r => r.Status == WorkflowRunStatus.Completed);
        Assert.Equal(["in_app", "opened", "done"], notEscalated.Steps.Select(s => s.StepId));
        Assert.Equal("condition held: went to 'done'", notEscalated.Steps[1].Outcome);

        var delivered = await StartAsync(silo, "security-alert", "login.suspicious", "ann", """{"city": "Rome"}""");
        await WaitForAsync(silo, delivered, r => r.CurrentStep == "opened" && r.Status == WorkflowRunStatus.Waiting);
        time.Advance(TimeSpan.FromMinutes(5));
        var sms = await silo.WaitForAsync(WorkflowRunIds.ForSend(delivered, "sms"), NotificationStatus.Sent);
        await silo.Notification(sms.Id).RecordProviderEventAsync(new ProviderEvent("twilio", sms.ProviderMessageId, ProviderEventKind.Delivered, null, time.GetUtcNow()));
        var noCall = await WaitForAsync(silo, delivered, r => r.Status == WorkflowRunStatus.Completed);

        Assert.Equal(["in_app", "opened", "sms", "sms_delivered", "done"], noCall.Steps.Select(s => s.StepId));
        Assert.DoesNotContain(twilio.Created, r => r.Resource == "Calls");
    }

    [Fact]
    public async Task A_digest_gathers_a_users_events_per_key_for_its_window_or_up_to_its_count_and_a_critical_event_skips_the_window()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("comments", new Dictionary<string, TemplateContent>
        {
            ["default"] = new("{{events_count}} new on {{payload.document}}:{{#each events}} {{this.author}}{{/each}}"),
        });
        await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("comment-digest", null, ["comment.added"],
        [
            new("gather", WorkflowStepKind.Digest, Key: "{{payload.document}}", Window: TimeSpan.FromMinutes(10), MaxEvents: 3),
            new("tell", WorkflowStepKind.Send, Template: "comments", Channels: [ChannelNames.InApp]),
        ]);

        var a1 = await StartAsync(silo, "comment-digest", "comment.added", "bo", """{"document": "plan", "author": "ann"}""");
        var a2 = await StartAsync(silo, "comment-digest", "comment.added", "bo", """{"document": "plan", "author": "cy"}""");
        var b1 = await StartAsync(silo, "comment-digest", "comment.added", "bo", """{"document": "budget", "author": "di"}""");
        var c = new List<string>();
        foreach (var author in new[] { "ed", "fay", "gus" })
        {
            c.Add(await StartAsync(silo, "comment-digest", "comment.added", "bo", $$"""{"document": "notes", "author": "{{author}}"}"""));
        }

        // Three on one document fill its digest: sent at once, in the order they happened, by the run that reached it first.
        var notes = await LeaderAsync(silo, c);
        Assert.Equal("3 new on notes: ed fay gus", await InboxMessageAsync(silo, "bo", WorkflowRunIds.ForSend(notes, "tell")));
        foreach (var digested in c.Where(run => run != notes))
        {
            Assert.Equal(notes, (await RunAsync(silo, digested)).DigestedInto);
        }

        var plan = await LeaderAsync(silo, [a1, a2]);
        Assert.Equal(WorkflowRunStatus.Waiting, (await RunAsync(silo, plan)).Status);

        // A critical event goes out at once with what its digest gathered so far.
        var d1 = await StartAsync(silo, "comment-digest", "comment.added", "bo", """{"document": "launch", "author": "hal"}""");
        var d2 = await StartAsync(silo, "comment-digest", "comment.added", "bo", """{"document": "launch", "author": "ida"}""", Priority.Critical);
        var launch = await LeaderAsync(silo, [d1, d2]);
        Assert.Equal("2 new on launch: hal ida", await InboxMessageAsync(silo, "bo", WorkflowRunIds.ForSend(launch, "tell")));
        Assert.Equal(Priority.Critical, (await silo.Notification(WorkflowRunIds.ForSend(launch, "tell")).GetAsync("t"))!.Request.Priority);

        // The others at the end of their windows, each with its own events.
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("2 new on plan: ann cy", await InboxMessageAsync(silo, "bo", WorkflowRunIds.ForSend(plan, "tell")));
        Assert.Equal("1 new on budget: di", await InboxMessageAsync(silo, "bo", WorkflowRunIds.ForSend(b1, "tell")));
        var leader = await WaitForAsync(silo, plan, r => r.Status == WorkflowRunStatus.Completed);
        Assert.Equal(2, leader.DigestedEvents);

        // The window closed: the next event opens a digest of its own.
        var a3 = await StartAsync(silo, "comment-digest", "comment.added", "bo", """{"document": "plan", "author": "jo"}""");
        Assert.Equal(WorkflowRunStatus.Waiting, (await WaitForAsync(silo, a3, r => r.CurrentStep == "gather" && r.Status == WorkflowRunStatus.Waiting)).Status);
        Assert.Null((await RunAsync(silo, a3)).DigestedInto);
    }

    [Fact]
    public async Task Cancelling_the_run_that_leads_a_digest_hands_it_to_the_next_event_and_sends_the_others()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("comments", new Dictionary<string, TemplateContent> { ["default"] = new("{{events_count}}:{{#each events}} {{this.author}}{{/each}}") });
        await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("comment-digest", null, ["comment.added"],
        [
            new("gather", WorkflowStepKind.Digest, Window: TimeSpan.FromMinutes(10)),
            new("tell", WorkflowStepKind.Send, Template: "comments", Channels: [ChannelNames.InApp]),
        ]);
        var runs = new List<string>();
        foreach (var author in new[] { "ann", "bo", "cy" })
        {
            runs.Add(await StartAsync(silo, "comment-digest", "comment.added", "eve", $$"""{"author": "{{author}}"}"""));
        }

        var first = await LeaderAsync(silo, runs);
        var cancelled = await silo.Client.GetGrain<IWorkflowRunGrain>(first).CancelAsync("t");
        var next = await LeaderAsync(silo, [.. runs.Where(r => r != first)]);
        time.Advance(TimeSpan.FromMinutes(10));
        var message = await InboxMessageAsync(silo, "eve", WorkflowRunIds.ForSend(next, "tell"));

        Assert.Equal(WorkflowRunStatus.Cancelled, cancelled!.Status);
        Assert.Equal(2, message.Split(' ').Length - 1);
        Assert.StartsWith("2:", message);
        Assert.Equal(WorkflowRunStatus.Completed, (await WaitForAsync(silo, next, r => r.Status == WorkflowRunStatus.Completed)).Status);
    }

    [Fact]
    public async Task Delays_wait_a_duration_or_until_a_payload_time_branches_read_the_payload_and_the_user_and_a_run_can_be_cancelled()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        await silo.User("t", "cy").UpdateAsync(new UserUpdate(Attributes: new Dictionary<string, JsonElement> { ["plan"] = JsonSerializer.SerializeToElement("pro") }));
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("reminder", new Dictionary<string, TemplateContent> { ["default"] = new("{{payload.title}} starts soon") });
        await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("meeting", null, ["meeting.booked"],
        [
            new("until", WorkflowStepKind.Delay, Until: "payload.remind_at"),
            new("big", WorkflowStepKind.Branch, Condition: "payload.guests > 10 or user.plan == \"pro\"", Else: "done"),
            new("hour", WorkflowStepKind.Delay, Duration: TimeSpan.FromHours(1)),
            new("remind", WorkflowStepKind.Send, Template: "reminder", Channels: [ChannelNames.InApp]),
            new("done", WorkflowStepKind.Stop),
        ]);
        var remindAt = Start.AddDays(2);

        var pro = await StartAsync(silo, "meeting", "meeting.booked", "cy", $$"""{"title": "Board", "guests": 3, "remind_at": "{{remindAt:O}}"}""");
        var small = await StartAsync(silo, "meeting", "meeting.booked", "dee", $$"""{"title": "Coffee", "guests": 2, "remind_at": "{{remindAt:O}}"}""");
        var cancelled = await StartAsync(silo, "meeting", "meeting.booked", "cy", $$"""{"title": "Offsite", "guests": 40, "remind_at": "{{remindAt:O}}"}""");
        var broken = await StartAsync(silo, "meeting", "meeting.booked", "cy", """{"title": "Lunch"}""");

        Assert.Equal(remindAt, (await WaitForAsync(silo, pro, r => r.Status == WorkflowRunStatus.Waiting)).WakeAt);
        var failed = await WaitForAsync(silo, broken, r => r.Status == WorkflowRunStatus.Failed);
        Assert.Contains("no ISO 8601 instant within a year at 'payload.remind_at'", failed.Reason);
        Assert.Equal(WorkflowRunStatus.Cancelled, (await silo.Client.GetGrain<IWorkflowRunGrain>(cancelled).CancelAsync("t"))!.Status);
        Assert.Null(await silo.Client.GetGrain<IWorkflowRunGrain>(cancelled).CancelAsync("other-tenant"));

        time.Advance(TimeSpan.FromDays(2));
        var smallDone = await WaitForAsync(silo, small, r => r.Status == WorkflowRunStatus.Completed);
        var proWaiting = await WaitForAsync(silo, pro, r => r.CurrentStep == "hour");
        Assert.Equal(["until", "big", "done"], smallDone.Steps.Select(s => s.StepId));
        Assert.Equal(remindAt.AddHours(1), proWaiting.WakeAt!.Value, TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("Board starts soon", await InboxMessageAsync(silo, "cy", WorkflowRunIds.ForSend(pro, "remind")));
        Assert.Equal(WorkflowRunStatus.Completed, (await WaitForAsync(silo, pro, r => r.Status == WorkflowRunStatus.Completed)).Status);
        Assert.Null(await silo.Notification(WorkflowRunIds.ForSend(cancelled, "remind")).GetAsync("t"));
    }

    [Fact]
    public async Task Each_send_of_a_run_obeys_the_users_preferences_and_quiet_hours_and_a_branch_sees_a_suppressed_send_as_failed_at_once()
    {
        // 23:00 in Berlin.
        var time = new JumpingTimeProvider(new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero));
        await using var silo = await GrainsSilo.StartAsync(time);
        var user = silo.User("t", "uma");
        await user.UpdateAsync(new UserUpdate(TimeZone: "Europe/Berlin"));
        await user.UpdatePreferencesAsync(new PreferenceUpdate(Categories: new Dictionary<string, bool> { ["promotions"] = false }, QuietHours: new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0))));
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("note", new Dictionary<string, TemplateContent> { ["default"] = new("{{payload.text}}") });
        await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("mixed", null, ["cart.abandoned"],
        [
            new("offer", WorkflowStepKind.Send, Template: "note", Channels: [ChannelNames.InApp], Category: "promotions"),
            new("offered", WorkflowStepKind.Branch, Condition: "steps.offer.delivered", Wait: TimeSpan.FromHours(1), Then: "done"),
            new("reminder", WorkflowStepKind.Send, Template: "note", Channels: [ChannelNames.InApp]),
            new("done", WorkflowStepKind.Stop),
        ]);

        var run = await StartAsync(silo, "mixed", "cart.abandoned", "uma", """{"text": "Your cart misses you"}""");
        var offer = await silo.WaitForAsync(WorkflowRunIds.ForSend(run, "offer"), NotificationStatus.Suppressed);
        var reminder = await silo.WaitForAsync(WorkflowRunIds.ForSend(run, "reminder"), NotificationStatus.Scheduled);
        var finished = await WaitForAsync(silo, run, r => r.Status == WorkflowRunStatus.Completed);

        Assert.Contains("opted out", offer.History[^1].Reason);
        Assert.Contains("quiet hours", reminder.History[^1].Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), reminder.NextAttemptAt);
        Assert.True(finished.Steps[1].FinishedAt - finished.Steps[1].StartedAt < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Starting_a_run_again_finds_the_one_started_and_a_different_event_under_its_id_is_refused()
    {
        await using var silo = await GrainsSilo.StartAsync();
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("hello", new Dictionary<string, TemplateContent> { ["default"] = new("Hello") });
        var workflow = (await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("welcome", null, ["user.joined"],
            [new("hi", WorkflowStepKind.Send, Template: "hello", Channels: [ChannelNames.InApp])]))!;
        var workflowEvent = new WorkflowEvent("t", "evt_1", "user.joined", JsonSerializer.SerializeToElement(new { }), Priority.Normal, Start);
        var runId = WorkflowRunIds.ForRun("t", "evt_1", "welcome", "eve");
        var run = silo.Client.GetGrain<IWorkflowRunGrain>(runId);

        Assert.Equal(AcceptOutcome.Accepted, (await run.StartAsync(new WorkflowRunStart(workflowEvent, workflow, "eve", "h1"))).Outcome);
        Assert.Equal(AcceptOutcome.Duplicate, (await run.StartAsync(new WorkflowRunStart(workflowEvent, workflow, "eve", "h1"))).Outcome);
        Assert.Equal(AcceptOutcome.Conflict, (await run.StartAsync(new WorkflowRunStart(workflowEvent, workflow, "eve", "h2"))).Outcome);
        await silo.WaitForAsync(WorkflowRunIds.ForSend(runId, "hi"), NotificationStatus.Delivered);
        Assert.Null(await run.GetAsync("other-tenant"));
    }

    private static async Task<GrainsSilo> EscalationSiloAsync(JumpingTimeProvider time, FakeTwilio twilio)
    {
        var silo = await GrainsSilo.StartAsync(time, settings: TwilioChannelTests.Settings(("sms", twilio), ("voice", twilio)));
        await silo.User("t", "ann").UpdateAsync(new UserUpdate(Phone: "+4915112345678"));
        await silo.Client.GetGrain<ITemplatesGrain>("t").PublishAsync("security-alert", new Dictionary<string, TemplateContent>
        {
            ["default"] = new("New sign-in from {{payload.city}}"),
        });
        await silo.Client.GetGrain<IWorkflowsGrain>("t").PublishAsync("security-alert", "Security alert", ["login.suspicious"], Escalation);
        return silo;
    }

    private static int _events;

    private static async Task<string> StartAsync(GrainsSilo silo, string workflowId, string eventName, string userId, string payload, Priority priority = Priority.Normal)
    {
        var workflow = (await silo.Client.GetGrain<IWorkflowsGrain>("t").GetAsync(workflowId, null))!;
        var eventId = $"evt_{Interlocked.Increment(ref _events)}";
        var workflowEvent = new WorkflowEvent("t", eventId, eventName, JsonDocument.Parse(payload).RootElement.Clone(), priority, DateTimeOffset.UtcNow);
        var runId = WorkflowRunIds.ForRun("t", eventId, workflowId, userId);
        var (outcome, _) = await silo.Client.GetGrain<IWorkflowRunGrain>(runId).StartAsync(new WorkflowRunStart(workflowEvent, workflow, userId, eventId));
        Assert.Equal(AcceptOutcome.Accepted, outcome);
        return runId;
    }

    /// <summary>The run that leads the digest the others went into, once they all have.</summary>
    private static async Task<string> LeaderAsync(GrainsSilo silo, IReadOnlyList<string> runs)
    {
        string? leader = null;
        await Eventually.TrueAsync(async () =>
        {
            var states = await Task.WhenAll(runs.Select(run => RunAsync(silo, run)));
            var leading = states.Where(s => s.Status is not (WorkflowRunStatus.Digested or WorkflowRunStatus.Cancelled)).ToArray();
            // The others went into its digest, and it reached the digest itself.
            leader = leading.Length == 1 && leading[0].Steps.Any(step => step.StepId == "gather") ? leading[0].Id : null;
            return leader is not null;
        }, "the digest's leader");
        return leader!;
    }

    private static async Task<WorkflowRunSnapshot> RunAsync(GrainsSilo silo, string runId) =>
        (await silo.Client.GetGrain<IWorkflowRunGrain>(runId).GetAsync("t"))!;

    private static async Task<WorkflowRunSnapshot> WaitForAsync(GrainsSilo silo, string runId, Func<WorkflowRunSnapshot, bool> condition)
    {
        WorkflowRunSnapshot? last = null;
        try
        {
            await Eventually.TrueAsync(async () => condition(last = await RunAsync(silo, runId)), $"run {runId}");
        }
        catch (Xunit.Sdk.XunitException) when (last is not null)
        {
            throw new Xunit.Sdk.XunitException($"Run {runId} is {last.Status} at {last.CurrentStep}: {string.Join("; ", last.Steps.Select(s => $"{s.StepId} {s.Outcome}"))} {last.Reason}");
        }

        return last!;
    }

    private static async Task<string> InboxMessageAsync(GrainsSilo silo, string userId, string notificationId)
    {
        InboxItem? item = null;
        await Eventually.TrueAsync(async () =>
            (item = (await silo.Client.GetGrain<IInboxGrain>(UserKey.For("t", userId)).ListAsync(InboxFilter.All, 100, null)).Items.FirstOrDefault(i => i.NotificationId == notificationId)) is not null,
            $"{notificationId} in {userId}'s inbox");
        return item!.Message;
    }
}
