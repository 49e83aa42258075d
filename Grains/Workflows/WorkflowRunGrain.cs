using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// One run of a workflow: walks its steps, storing where it is whenever it waits or ends (and after a step that would
/// not come out the same if done again), so that a crash resumes it where it was stored. A send makes a notification
/// whose id is the run's and the step's, so a send done again after a crash meets the notification it made before. A
/// wait moves the resume reminder, which survives the silo, to its end; a run that never waits is done within the call
/// that starts it and needs none.
/// </summary>
public sealed partial class WorkflowRunGrain(
    [PersistentState("workflow-run")] IPersistentState<WorkflowRunGrainState> run,
    IOptions<DeliveryOptions> options,
    RetentionJournal retention,
    TimeProvider time,
    ILogger<WorkflowRunGrain> logger) : Grain, IWorkflowRunGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    /// <summary>
    /// How often a branch that waits looks again at the sends its condition names, in its first minute and after: a
    /// send tells its run when it finishes or is engaged with (and the inbox when it is read), so this only catches
    /// what such a word lost in a crash.
    /// </summary>
    private static readonly TimeSpan ConditionCheckInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LaterConditionCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>How soon a step that threw (a call that timed out) is tried again.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>The longest a grain timer waits at once; a longer wait is timed again when it ends.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);

    /// <summary>The furthest a delay waits: an instant beyond it in a payload is a mistake, not a plan.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(366);

    private IGrainTimer? _wake;

    /// <summary>A resume reminder is registered: from the first state stored unfinished until the run finishes.</summary>
    private bool _resuming;

    private WorkflowRunGrainState State => run.State;

    private WorkflowRunStart Start => State.Start!;

    private string RunId => this.GetPrimaryKeyString();

    private bool IsFinished => State.Status is not (WorkflowRunStatus.Running or WorkflowRunStatus.Waiting);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A wait's timer died with the last activation; the reminder stands behind it, but a branch looks more often.
        if (run.RecordExists && !IsFinished)
        {
            _resuming = true;
            WakeIn(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<(AcceptOutcome Outcome, WorkflowRunSnapshot Run)> StartAsync(WorkflowRunStart start)
    {
        if (run.RecordExists)
        {
            var same = Start.Event.Tenant == start.Event.Tenant && Start.RequestHash == start.RequestHash;
            if (same && !IsFinished)
            {
                await EnsureResumingAsync();
            }

            return (same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        // Fresh, whatever an attempt that stored nothing left in memory.
        run.State = new WorkflowRunGrainState { Start = start, Status = WorkflowRunStatus.Running, StartedAt = time.GetUtcNow() };
        LogStarted(logger, RunId, start.Workflow.WorkflowId, start.Workflow.Version, start.Event.Name);
        // Among the user's records before anything is sent or stored, so that an erasure finds it.
        await GrainFactory.Get<IUserRecordsGrain>(UserKey.For(start.Event.Tenant, start.UserId)).AddAsync(new UserRecord(UserRecordKind.WorkflowRun, RunId));
        // The steps that need no wait are done before the caller hears "accepted", and the run is stored (with its
        // reminder, first, if it waits) when it first waits or ends: a run that ends at once costs no reminder. A
        // crash before then leaves nothing stored and the caller unanswered; a retry under the same idempotency key
        // is the same run, whose sends meet the notifications made the first time.
        try
        {
            await AdvanceStepsAsync();
        }
        catch (Exception exception) when (!IsFinished)
        {
            // A step threw (a call that timed out, a write refused): stored where it is, the reminder first, and
            // tried again soon. Should this store fail too, the caller hears it and retries.
            LogStepFailed(logger, exception, RunId, Current?.Id);
            State.Status = WorkflowRunStatus.Running;
            await StoreAsync();
            WakeIn(RetryInterval);
        }

        return (AcceptOutcome.Accepted, Snapshot());
    }

    public Task<WorkflowRunSnapshot?> GetAsync(string tenant) =>
        Task.FromResult(run.RecordExists && Start.Event.Tenant == tenant ? Snapshot() : null);

    public async Task<WorkflowRunSnapshot?> CancelAsync(string tenant)
    {
        if (!run.RecordExists || Start.Event.Tenant != tenant)
        {
            return null;
        }

        if (IsFinished)
        {
            return Snapshot();
        }

        // Stored first, so that what a cancel does is finished by the reminder should the silo go down half-way.
        State.Cancelling = true;
        await StoreAsync();
        await CompleteCancelAsync();
        return Snapshot();
    }

    public async Task LeadDigestAsync(string previousLeader)
    {
        if (!run.RecordExists || State.Status != WorkflowRunStatus.Digested || State.DigestedInto != previousLeader)
        {
            return;
        }

        State.Status = WorkflowRunStatus.Waiting;
        State.LeadsDigest = true;
        State.DigestedInto = null;
        State.FinishedAt = null;
        State.Records[^1] = State.Records[^1] with { FinishedAt = null, Outcome = null };
        var interval = options.Value.ResumeCheckInterval;
        await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
        _resuming = true;
        try
        {
            await run.WriteStateAsync();
        }
        catch
        {
            // Memory back to "digested", so that the cancelling run's retry finds it so.
            await ReloadAsync();
            throw;
        }

        WakeIn(TimeSpan.Zero);
    }

    /// <summary>
    /// A digest this run leads goes on under the run of the earliest event left in it (the others' events are not
    /// the cancel's to drop); what it sent that has not gone out is cancelled; then the run ends.
    /// </summary>
    private async Task CompleteCancelAsync()
    {
        if (Current is { Kind: WorkflowStepKind.Digest } step && await DigestOf(step).HandOverAsync(RunId) is { } next)
        {
            await GrainFactory.Get<IWorkflowRunGrain>(next).LeadDigestAsync(RunId);
        }

        // Every send step's notification, by its id: one made after the run was last stored is in no record.
        foreach (var send in Start.Workflow.Steps.Where(s => s.Kind == WorkflowStepKind.Send))
        {
            await GrainFactory.Get<INotificationGrain>(WorkflowRunIds.ForSend(RunId, send.Id)).CancelAsync(Start.Event.Tenant);
        }

        FinishRecord("cancelled");
        await FinishAsync(WorkflowRunStatus.Cancelled, "Cancelled.");
    }

    public async Task<bool> EraseAsync(string tenant)
    {
        if (!run.RecordExists || Start.Event.Tenant != tenant)
        {
            return false;
        }

        // The digests are the user's alone (keyed by user): they go whole, with every event of the user in them.
        foreach (var step in Start.Workflow.Steps.Where(s => s.Kind == WorkflowStepKind.Digest && State.Records.Any(r => r.StepId == s.Id)))
        {
            await DigestOf(step).ClearAsync();
        }

        if (!IsFinished)
        {
            FinishRecord("erased");
            State.Status = WorkflowRunStatus.Cancelled;
            State.Reason = "The user was erased.";
            State.FinishedAt = time.GetUtcNow();
        }

        State.Start = Start with { Event = Start.Event with { Payload = JsonSerializer.SerializeToElement(new JsonObject()) } };
        State.Digest = null;
        State.Cancelling = false;
        State.LeadsDigest = false;
        State.WakeAt = null;
        await run.WriteStateAsync();
        await ListForRemovalAsync();
        await UnregisterResumeReminderAsync();
        _resuming = false;
        _wake?.Dispose();
        _wake = null;
        return true;
    }

    public async Task ExpireAsync(DateTimeOffset finishedBefore)
    {
        DeactivateOnIdle();
        if (run.RecordExists && IsFinished && State.FinishedAt <= finishedBefore)
        {
            await run.ClearStateAsync();
        }
    }

    public Task WakeAsync() => IsFinished || !run.RecordExists ? Task.CompletedTask : AdvanceAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!run.RecordExists || IsFinished)
        {
            // Finished: listed for removal (again, should a crash have come between) before the reminder goes.
            await ListForRemovalAsync();
            await UnregisterResumeReminderAsync();
            _resuming = false;
            return;
        }

        await AdvanceAsync();
    }

    /// <summary>Memory back to what is stored, after a step that changed it failed half-way.</summary>
    private async Task ReloadAsync()
    {
        try
        {
            await run.ReadStateAsync();
            _resuming = run.RecordExists && !IsFinished;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage does not answer: this activation goes, and the reminder brings the run back from storage.
            LogStepFailed(logger, exception, RunId, null);
            DeactivateOnIdle();
        }
    }

    private WorkflowStep? Current => State.Next < Start.Workflow.Steps.Count ? Start.Workflow.Steps[State.Next] : null;

    /// <summary>Does the steps that can be done now, up to the first that must wait or the end.</summary>
    private async Task AdvanceAsync()
    {
        _wake?.Dispose();
        _wake = null;
        try
        {
            await AdvanceStepsAsync();
        }
        catch (Exception exception)
        {
            // A grain it called did not answer, or storage refused a write: what is stored is where it goes on from.
            LogStepFailed(logger, exception, RunId, Current?.Id);
            await ReloadAsync();
            WakeIn(RetryInterval);
        }
    }

    private async Task AdvanceStepsAsync()
    {
        if (State.Cancelling && !IsFinished)
        {
            await CompleteCancelAsync();
            return;
        }

        while (!IsFinished)
        {
            if (Current is not { } step)
            {
                await FinishAsync(WorkflowRunStatus.Completed, null);
                return;
            }

            var now = time.GetUtcNow();
            if (State.WakeAt > now && step.Kind != WorkflowStepKind.Branch && step.Kind != WorkflowStepKind.Digest)
            {
                WakeIn(State.WakeAt.Value - now);
                return;
            }

            BeginRecord(step, now);
            var goOn = step.Kind switch
            {
                WorkflowStepKind.Send => await SendAsync(step),
                WorkflowStepKind.Delay => await DelayAsync(step, now),
                WorkflowStepKind.Digest => await DigestAsync(step, now),
                WorkflowStepKind.Branch => await BranchAsync(step, now),
                _ => await StopAsync(),
            };
            if (!goOn)
            {
                return;
            }
        }
    }

    private async Task<bool> SendAsync(WorkflowStep step)
    {
        var tenant = Start.Event.Tenant;
        if (await GrainFactory.Get<ITemplatesGrain>(tenant).GetAsync(step.Template!, null) is not { } template)
        {
            FinishRecord($"template '{step.Template}' does not exist");
            await FinishAsync(WorkflowRunStatus.Failed, $"Step '{step.Id}': template '{step.Template}' does not exist.");
            return false;
        }

        // The tenant's policy for the category as it is now: made critical or capped since the workflow was written, it counts.
        var policy = step.Category is { } category
            ? (await GrainFactory.Get<ICategoriesGrain>(tenant).ListAsync()).FirstOrDefault(c => c.Name == category)?.Policy
            : null;
        var request = new NotificationRequest(
            tenant,
            Start.UserId,
            Message: "",
            Priority: step.Priority ?? (State.Digest is { Critical: true } ? Priority.Critical : Start.Event.Priority),
            Category: step.Category,
            Channels: step.Channels is { Count: > 0 } channels ? channels : null,
            TemplateId: template.TemplateId,
            TemplateVersion: template.Version,
            CategoryPolicy: policy,
            Variables: Variables());
        var notificationId = WorkflowRunIds.ForSend(RunId, step.Id);
        var result = await GrainFactory.Get<INotificationGrain>(notificationId).AcceptAsync(request, $"{RunId}\n{step.Id}");
        if (result.Outcome == AcceptOutcome.Conflict)
        {
            FinishRecord("refused: another notification has its id", notificationId);
            await FinishAsync(WorkflowRunStatus.Failed, $"Step '{step.Id}': notification {notificationId} exists for another request.");
            return false;
        }

        FinishRecord($"sent template '{template.TemplateId}' version {template.Version}", notificationId);
        // Not stored on its own: the next wait or the end stores it, and a crash before that sends it again under
        // the same id, which meets the notification made the first time.
        return Next();
    }

    private async Task<bool> DelayAsync(WorkflowStep step, DateTimeOffset now)
    {
        if (State.WakeAt is null)
        {
            DateTimeOffset until;
            if (step.Duration is { } duration)
            {
                until = now + duration;
            }
            else if (PayloadInstant(step.Until!) is { } instant && instant - now <= MaxWait)
            {
                until = instant;
            }
            else
            {
                FinishRecord($"'{step.Until}' is not an ISO 8601 instant within a year in the event");
                await FinishAsync(WorkflowRunStatus.Failed, $"Step '{step.Id}': the event has no ISO 8601 instant within a year at '{step.Until}'.");
                return false;
            }

            if (until > now)
            {
                await WaitUntilAsync(until, stored: false);
                return false;
            }
        }

        FinishRecord($"waited until {State.WakeAt ?? now:O}");
        return await NextAsync();
    }

    private async Task<bool> DigestAsync(WorkflowStep step, DateTimeOffset now)
    {
        var digest = DigestOf(step);
        if (!run.RecordExists)
        {
            // Stored (with its reminder) before the digest may name it as its leader: a leader must exist to send it.
            await StoreAsync();
        }

        if (!State.LeadsDigest)
        {
            var answer = await digest.JoinAsync(new DigestJoin(RunId, Start.Event.EventId, Start.Event.ReceivedAt, Start.Event.Payload, Start.Event.Priority == Priority.Critical, step.Window!.Value, step.MaxEvents));
            if (answer.LeaderRunId != RunId)
            {
                State.DigestedInto = answer.LeaderRunId;
                FinishRecord($"digested into run {answer.LeaderRunId}");
                await FinishAsync(WorkflowRunStatus.Digested, null);
                return false;
            }

            State.LeadsDigest = true;
            if (answer.SendAt > now)
            {
                await WaitUntilAsync(answer.SendAt, stored: false);
                return false;
            }
        }
        else if (await digest.SendAtAsync(RunId) is { } sendAt && sendAt > now)
        {
            // Woken early, or the window was moved: wait on for the digest's own time.
            if (State.WakeAt != sendAt)
            {
                await WaitUntilAsync(sendAt, stored: false);
            }
            else
            {
                WakeIn(sendAt - now);
            }

            return false;
        }

        State.Digest = await digest.CloseAsync(RunId);
        State.LeadsDigest = false;
        FinishRecord($"digest of {State.Digest.Count} event(s)");
        await LeaveWaitAsync(now);
        await NextAsync();
        await digest.AcknowledgeAsync(RunId);
        return true;
    }

    private async Task<bool> BranchAsync(WorkflowStep step, DateTimeOffset now)
    {
        var (holds, settled) = await EvaluateAsync(step.Condition!);
        var waitingSince = State.Records[^1].StartedAt;
        var deadline = waitingSince + (step.Wait ?? TimeSpan.Zero);
        if (!holds && !settled && now < deadline)
        {
            if (State.WakeAt is null)
            {
                await WaitUntilAsync(deadline, stored: false);
            }

            // The condition is looked at again every few seconds; the stored wake time is the wait's end, which a crash resumes at.
            var check = now - waitingSince < TimeSpan.FromMinutes(1) ? ConditionCheckInterval : LaterConditionCheckInterval;
            WakeIn(Min(check, deadline - now));
            return false;
        }

        var target = holds ? step.Then : step.Else;
        // A decision that could come out otherwise later (it waited, or reads sends or the user) is stored, so that a
        // crash does not make it again the other way; one over the payload alone comes out the same.
        var changeable = State.WakeAt is not null || WorkflowContext.StepsNamed(step.Condition!).Count > 0 || WorkflowContext.NamesUser(step.Condition!);
        FinishRecord(holds ? "condition held" + (target is null ? "" : $": went to '{target}'") : "condition did not hold" + (target is null ? "" : $": went to '{target}'"));
        await LeaveWaitAsync(now);
        State.WakeAt = null;
        State.Status = WorkflowRunStatus.Running;
        State.Next = target is null ? State.Next + 1 : Start.Workflow.IndexOf(target);
        if (changeable)
        {
            await StoreAsync();
        }

        return true;
    }

    private async Task<bool> StopAsync()
    {
        FinishRecord("stopped");
        await FinishAsync(WorkflowRunStatus.Completed, null);
        return false;
    }

    /// <summary>Whether the condition holds, and whether waiting could change that: not once every send it names has finished undelivered.</summary>
    private async Task<(bool Holds, bool Settled)> EvaluateAsync(string condition)
    {
        var user = WorkflowContext.NamesUser(condition)
            ? WorkflowContext.User(Start.UserId, (await GrainFactory.Get<IUserGrain>(UserKey.For(Start.Event.Tenant, Start.UserId)).GetAsync()).Attributes)
            : null;
        var named = WorkflowContext.StepsNamed(condition);
        var steps = new JsonObject();
        // Nothing but what became of sends changes while a branch waits: a condition that names none is decided at once.
        var settled = true;
        foreach (var record in State.Records.Where(r => r.NotificationId is not null && named.Contains(r.StepId)))
        {
            var outcome = await OutcomeAsync(record.NotificationId!);
            steps[record.StepId] = outcome.Json;
            settled &= outcome.FinishedUndelivered;
        }

        return (WorkflowContext.Holds(condition, Start.Event, State.Digest?.Count ?? 0, user, steps), settled);
    }

    private async Task<(JsonObject Json, bool FinishedUndelivered)> OutcomeAsync(string notificationId)
    {
        var tenant = Start.Event.Tenant;
        if (await GrainFactory.Get<INotificationGrain>(notificationId).GetAsync(tenant) is not { } sent)
        {
            return (new JsonObject { ["status"] = "unknown" }, true);
        }

        var opened = sent.Engagements.Any(e => e.Action is EngagementAction.Opened or EngagementAction.Clicked);
        var channel = sent.History.LastOrDefault(t => t.Channel is not null)?.Channel;
        if (!opened && channel == ChannelNames.InApp && sent.Status == NotificationStatus.Delivered)
        {
            // Reading a message in the inbox is opening it.
            opened = await GrainFactory.Get<IInboxGrain>(UserKey.For(tenant, Start.UserId)).IsReadAsync(notificationId);
        }

        var delivered = sent.Status == NotificationStatus.Delivered || opened;
        var failed = sent.Status.IsTerminal() && !delivered;
        var clicked = sent.Engagements.Any(e => e.Action == EngagementAction.Clicked);
        return (WorkflowContext.Outcome(sent.Status.ToString().ToLowerInvariant(), channel, delivered, opened, clicked, failed), failed);
    }

    private JsonElement Variables() => WorkflowContext.Variables(Start.Event, RunId, State.Digest);

    private DateTimeOffset? PayloadInstant(string path) => WorkflowContext.PayloadInstant(Start.Event.Payload, path);

    private IDigestGrain DigestOf(WorkflowStep step)
    {
        var key = step.Key is { } template ? WorkflowContext.DigestKey(template, Start.Event.Payload) : "";
        var workflow = Start.Workflow;
        return GrainFactory.Get<IDigestGrain>(StableHash.IdOf("digest-", $"{Start.Event.Tenant}\n{workflow.WorkflowId}\n{step.Id}\n{Start.UserId}", key));
    }

    private void BeginRecord(WorkflowStep step, DateTimeOffset now)
    {
        if (State.Records.Count == 0 || State.Records[^1].FinishedAt is not null || State.Records[^1].StepId != step.Id)
        {
            State.Records.Add(new WorkflowStepRecord(step.Id, step.Kind, now, null, null));
        }
    }

    private void FinishRecord(string outcome, string? notificationId = null)
    {
        if (State.Records.Count > 0 && State.Records[^1].FinishedAt is null)
        {
            State.Records[^1] = State.Records[^1] with { FinishedAt = time.GetUtcNow(), Outcome = outcome, NotificationId = notificationId };
        }
    }

    private async Task<bool> NextAsync()
    {
        Next();
        await StoreAsync();
        return true;
    }

    /// <summary>Stores the unfinished run, with its resume reminder registered first when it has none yet.</summary>
    private async Task StoreAsync()
    {
        if (!_resuming)
        {
            var interval = options.Value.ResumeCheckInterval;
            await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
            _resuming = true;
        }

        await run.WriteStateAsync();
    }

    private bool Next()
    {
        State.WakeAt = null;
        State.Status = WorkflowRunStatus.Running;
        State.Next++;
        return true;
    }

    /// <summary>Stores that the run waits until <paramref name="until"/>, then moves the reminder to the wait's end and times the activation that waits.</summary>
    private async Task WaitUntilAsync(DateTimeOffset until, bool stored)
    {
        State.WakeAt = until;
        State.Status = WorkflowRunStatus.Waiting;
        var due = Max(until - time.GetUtcNow(), TimeSpan.Zero);
        if (!_resuming)
        {
            // The run's first wait: the reminder before the state, so that nothing stored is left without it.
            await this.RegisterOrUpdateReminder(ResumeReminder, due, options.Value.ResumeCheckInterval);
            _resuming = true;
            await run.WriteStateAsync();
        }
        else
        {
            if (!stored)
            {
                await run.WriteStateAsync();
            }

            // After the state: a crash between the two leaves the reminder's period to resume the run, which waits on.
            await this.RegisterOrUpdateReminder(ResumeReminder, due, options.Value.ResumeCheckInterval);
        }

        WakeIn(due);
    }

    /// <summary>
    /// A wait that ends before its time (a branch's condition came true, a digest filled) leaves the reminder at the
    /// wait's end: it is brought back to its period first, so that a crash in the steps after resumes them soon.
    /// </summary>
    private async Task LeaveWaitAsync(DateTimeOffset now)
    {
        var interval = options.Value.ResumeCheckInterval;
        if (State.WakeAt > now + interval)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
        }
    }

    private async Task FinishAsync(WorkflowRunStatus status, string? reason)
    {
        State.Status = status;
        State.Reason = reason;
        State.WakeAt = null;
        State.FinishedAt = time.GetUtcNow();
        // The final state first, then it is listed for removal, then the reminder goes: a crash between leaves a
        // reminder that finds the run done and lists it.
        await run.WriteStateAsync();
        var listed = true;
        try
        {
            await ListForRemovalAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Listed later by the reminder, which lists a finished run at its tick and goes.
            LogStepFailed(logger, exception, RunId, null);
            listed = false;
            if (!_resuming)
            {
                var interval = options.Value.ResumeCheckInterval;
                await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
                _resuming = true;
            }
        }

        if (listed && _resuming)
        {
            await UnregisterResumeReminderAsync();
            _resuming = false;
        }

        _wake?.Dispose();
        _wake = null;
        LogFinished(logger, RunId, status);
    }

    private Task ListForRemovalAsync() =>
        run.RecordExists ? retention.RecordAsync(Start.Event.Tenant, RetainedKind.WorkflowRun, RunId) : Task.CompletedTask;

    private async Task EnsureResumingAsync()
    {
        if (await this.GetReminder(ResumeReminder) is null)
        {
            var interval = options.Value.ResumeCheckInterval;
            await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
        }

        _resuming = true;
        WakeIn(TimeSpan.Zero);
    }

    private async Task UnregisterResumeReminderAsync()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void WakeIn(TimeSpan due)
    {
        _wake?.Dispose();
        _wake = this.RegisterGrainTimer(_ => AdvanceAsync(), new GrainTimerCreationOptions(Min(Max(due, TimeSpan.Zero), MaxTimer), Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private WorkflowRunSnapshot Snapshot() => new(
        RunId,
        Start.Workflow.WorkflowId,
        Start.Workflow.Version,
        Start.UserId,
        Start.Event,
        State.Status,
        State.StartedAt,
        State.FinishedAt,
        State.WakeAt,
        IsFinished ? null : Current?.Id,
        [.. State.Records],
        State.Digest?.Count ?? 0,
        State.DigestedInto,
        State.Reason);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 2600, Level = LogLevel.Debug, Message = "Workflow run {RunId} of {WorkflowId} v{Version} started by {EventName}")]
    private static partial void LogStarted(ILogger logger, string runId, string workflowId, int version, string eventName);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "Workflow run {RunId} could not do step {StepId}; it tries again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string runId, string? stepId);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Debug, Message = "Workflow run {RunId} finished: {Status}")]
    private static partial void LogFinished(ILogger logger, string runId, WorkflowRunStatus status);
}
