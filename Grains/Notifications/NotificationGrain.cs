using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Notifications.Grains;

/// <summary>
/// Drives one notification from Accepted to a terminal status. Every transition is persisted; a durable reminder
/// stays registered until the notification is finished, so that a crash at any point resumes delivery. The order in
/// which notifications take their steps is the delivery lanes' to decide.
/// </summary>
[GrainType(NotificationGrain.GrainTypeName)]
[CollectionAgeLimit(Minutes = 2)]
// Activated on the silo that first calls it (for a send, the silo whose front door accepted it): no hop on the way in.
[PreferLocalPlacement]
public sealed partial class NotificationGrain(
    [PersistentState(NotificationGrainState.Name)] IPersistentState<NotificationGrainState> notification,
    DeliveryLanes lanes,
    MessageContents contents,
    DeliveryTelemetry telemetry,
    EventPublisher events,
    RetentionJournal retention,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<NotificationGrain> logger) : Grain, INotificationGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "notification";

    private const string ResumeReminder = "resume";

    /// <summary>The fan-out page this notification's record was read from, while it has none of its own.</summary>
    private string? _page;

    /// <summary>When the page's record was read: it is read again after a while, as the page may have gone at the end of its retention.</summary>
    private long _pageReadAt;

    private static readonly TimeSpan PageRecordFreshFor = TimeSpan.FromSeconds(5);

    /// <summary>The record of a batch's notification its page has yet to finish with: read again at every call, never stored or changed here.</summary>
    private FanOutRecord? _pending;

    /// <summary>Whether this activation knows the resume reminder to be registered (it registered it, or it fired).</summary>
    private bool _resuming;

    /// <summary>The resume reminder as this activation last registered it, so that removing it needs no read of the table.</summary>
    private IGrainReminder? _reminder;

    /// <summary>The day (UTC) this activation listed the notification for removal at the end of its retention.</summary>
    private DateOnly? _listedOn;

    /// <summary>This activation put the record it took over from its page among the user's records.</summary>
    private bool _recordedForUser;

    /// <summary>Events were told since the state was last stored: how far is stored as the activation goes.</summary>
    private bool _toldSinceWrite;

    /// <summary>Wakes the notification at the end of a wait shorter than the reminder's period.</summary>
    private IGrainTimer? _wake;

    private NotificationGrainState State => notification.State;

    private NotificationRequest Request => State.Request!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (notification.RecordExists)
        {
            State.PublishedTransitions ??= State.History.Count;
            State.PublishedEngagements ??= State.Engagements.Count;
        }

        return Task.CompletedTask;
    }

    public async Task<AcceptResult> AcceptAsync(NotificationRequest request, string requestHash)
    {
        if (notification.RecordExists)
        {
            var same = State.RequestHash == requestHash && Request.Tenant == request.Tenant;
            if (same && !IsFinished())
            {
                await EnsureResumingAsync();
            }

            return new AcceptResult(same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        var now = time.GetUtcNow();
        State.Request = request;
        State.RequestHash = requestHash;
        State.AcceptedAt = now;
        State.PublishedTransitions = 0;
        State.PublishedEngagements = 0;
        // Delivery steps join the trace of the request that accepted the notification, whenever they run.
        State.TraceParent = System.Diagnostics.Activity.Current is { Recorded: true } current ? current.Id : null;
        Transition(NotificationStatus.Accepted);
        var wait = options.Value.ResumeCheckInterval;
        if (request.SendAt is { } sendAt && sendAt > now)
        {
            State.NextAttemptAt = sendAt;
            Transition(NotificationStatus.Scheduled, reason: NotificationTransition.ScheduledFor(now, sendAt).Reason);
            wait = sendAt - now;
        }

        // "Accepted" is answered only once the notification, its reminder and its place among the user's records are durable.
        await SaveResumingAsync(wait, firstRecord: true);
        var snapshot = Snapshot();
        if (State.Status == NotificationStatus.Accepted)
        {
            EnqueueAndWait();
        }

        return new AcceptResult(AcceptOutcome.Accepted, snapshot);
    }

    public async Task<AcceptOutcome> ContinueAsync(FanOutContinuation continuation)
    {
        if (notification.RecordExists)
        {
            var same = State.RequestHash == continuation.RequestHash && Request.Tenant == continuation.Request.Tenant;
            if (same && !IsFinished())
            {
                await EnsureResumingAsync();
            }

            return same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict;
        }

        // Among the user's records before the record is: a crash in between leaves an entry that finds nothing.
        await RecordForUserAsync(continuation.Request);
        State.Request = continuation.Request;
        State.RequestHash = continuation.RequestHash;
        State.AcceptedAt = continuation.AcceptedAt;
        State.History = [.. continuation.History];
        State.Status = State.History[^1].Status;
        State.PublishedTransitions = continuation.ToldSteps;
        State.PublishedEngagements = 0;
        State.Admitted = continuation.Admitted;
        if (continuation.DeferredUntil is { } until)
        {
            await WaitUntilAsync(until, channel: null, continuation.DeferredBecause);
            return AcceptOutcome.Accepted;
        }

        var result = continuation.Result!;
        if (continuation.Channel is not { } channel)
        {
            await ScheduleRetryAsync(channel: null, result);
            return AcceptOutcome.Accepted;
        }

        State.Attempts = 1;
        if (result.DeadAddresses is { Count: > 0 } dead)
        {
            await User().MarkUnreachableAsync(channel, dead, result.Reason ?? $"Refused for good by {result.Provider ?? channel}.");
        }

        var fallback = continuation.Channels?.SkipWhile(c => c != channel).Skip(1).FirstOrDefault();
        if (result.Outcome is DeliveryOutcome.PermanentRecipient or DeliveryOutcome.PermanentConfiguration && fallback is not null)
        {
            // The fallback: the next channel asked for takes over at its turn in the lanes.
            State.ExhaustedChannels.Add(channel);
            Transition(NotificationStatus.Routing, channel, $"{result.Reason} Falling back to {fallback}.");
            var interval = options.Value.ResumeCheckInterval;
            await SaveResumingAsync(interval);
            EnqueueAndWait();
            return AcceptOutcome.Accepted;
        }

        await RecordOutcomeAsync(channel, result);
        return AcceptOutcome.Accepted;
    }

    public async Task<NotificationSnapshot?> GetAsync(string tenant)
    {
        if (!await BelongsToAsync(tenant))
        {
            DeactivateOnIdle();
            return PendingOf(tenant) is { } pending ? SnapshotOf(pending) : null;
        }

        return Snapshot();
    }

    public async Task<(CancelOutcome Outcome, NotificationSnapshot? Notification)> CancelAsync(string tenant)
    {
        if (!await BelongsToAsync(tenant))
        {
            if (PendingOf(tenant) is not { } pending)
            {
                return (CancelOutcome.NotFound, null);
            }

            // Waiting in its batch for its send time, it is taken out; otherwise the batch's page is delivering it now.
            return await WithdrawAsync(pending, "Cancelled by the sender.", erase: false) is { } withdrawn
                ? (CancelOutcome.Cancelled, SnapshotOf(withdrawn))
                : (CancelOutcome.TooLate, SnapshotOf(pending));
        }

        // Once a send may have reached a provider, it cannot be called back.
        if (State.Status.IsTerminal() || State.Status is NotificationStatus.Sending or NotificationStatus.Sent)
        {
            return (CancelOutcome.TooLate, Snapshot());
        }

        await FinishAsync(NotificationStatus.Cancelled, channel: null, "Cancelled by the sender.");
        return (CancelOutcome.Cancelled, Snapshot());
    }

    public async Task<(ReplayOutcome Outcome, NotificationSnapshot? Notification)> ReplayAsync(string tenant)
    {
        if (!await BelongsToAsync(tenant))
        {
            return (ReplayOutcome.NotFound, null);
        }

        if (State.Status != NotificationStatus.DeadLettered)
        {
            await DeadLetters().RemoveAsync(this.GetPrimaryKeyString());
            return (ReplayOutcome.NotDeadLettered, Snapshot());
        }

        State.AttemptsBeforeReplay = State.Attempts;
        _listedOn = null;
        // A replay follows a fix (credentials, a sender): channels that failed for good get their chance again.
        State.ExhaustedChannels.Clear();
        Transition(NotificationStatus.Accepted, reason: "Replayed from the dead letters.");
        var interval = options.Value.ResumeCheckInterval;
        await SaveResumingAsync(interval);
        await DeadLetters().RemoveAsync(this.GetPrimaryKeyString());
        EnqueueAndWait();
        return (ReplayOutcome.Replayed, Snapshot());
    }

    public async Task<bool> TrackEngagementAsync(string tenant, string userId, EngagementAction action)
    {
        if (!await BelongsToAsync(tenant) || Request.UserId != userId)
        {
            return false;
        }

        if (State.Engagements.Any(e => e.Action == action))
        {
            return true;
        }

        var now = time.GetUtcNow();
        var channel = State.History.LastOrDefault(t => t.Channel is not null)?.Channel;
        // The opt-out before the engagement is recorded: should it fail, a retry finds nothing recorded and does both.
        // Not for a notification whose user was erased since: that would make the user again.
        if (action == EngagementAction.Unsubscribed && !State.Erased)
        {
            await User().OptOutAsync(Request.Category is { } category
                ? new PreferenceUpdate(Categories: new Dictionary<string, bool> { [category] = false })
                : new PreferenceUpdate(Channels: new Dictionary<string, bool> { [channel ?? ChannelNames.Email] = false }), evenIfNew: true);
        }

        State.Engagements.Add(new EngagementRecord(action, now));
        Record(status: null, action, channel, now);
        // Whoever opened or clicked it had it: that is the delivery report a provider may never send.
        if (action is EngagementAction.Delivered or EngagementAction.Opened or EngagementAction.Clicked && State.Status == NotificationStatus.Sent)
        {
            State.DeliveredAt = now;
            Transition(NotificationStatus.Delivered, channel, $"The recipient {action.ToString().ToLowerInvariant()} it.");
        }

        await notification.WriteStateAsync();
        if (!await PublishAsync() || !await ListTakenOverRecordAsync())
        {
            await RemindLaterAsync();
        }

        return true;
    }

    public async Task<bool> EraseAsync(string tenant, IReadOnlyCollection<string> addresses)
    {
        if (!await BelongsToAsync(tenant))
        {
            // Waiting in its batch for its send time: taken out, without what it said.
            return PendingOf(tenant) is { } pending && await WithdrawAsync(pending, "The user was deleted.", erase: true) is not null;
        }

        if (State.Erased)
        {
            return false;
        }

        // Nothing more goes to a user who no longer exists; what is already with a provider cannot be called back.
        if (!IsFinished())
        {
            State.NextAttemptAt = null;
            Transition(NotificationStatus.Cancelled, reason: "The user was deleted.");
            await UnregisterResumeReminderAsync();
        }

        State.Request = WithoutContent(Request);
        State.History = State.History.Select(t => t.Reason is { } reason && addresses.Any(a => reason.Contains(a, StringComparison.OrdinalIgnoreCase))
            ? t with { Reason = addresses.Aggregate(reason, (text, address) => text.Replace(address, "[erased]", StringComparison.OrdinalIgnoreCase)) }
            : t).ToList();
        State.Erased = true;
        await notification.WriteStateAsync();
        if (!await PublishAsync() || !await ListForRemovalAsync())
        {
            await RemindLaterAsync();
        }
        if (_page is { } page)
        {
            // The erased record is this grain's own now: the page keeps nothing more about the user.
            await GrainFactory.Get<IFanOutPageGrain>(page).ForgetAsync(this.GetPrimaryKeyString());
        }

        DeactivateOnIdle();
        return true;
    }

    public async Task<bool> RecordProviderEventAsync(ProviderEvent report)
    {
        if (!await ExistsAsync() || State.Provider != report.Provider || !IsSameMessage(report.ProviderMessageId))
        {
            return false;
        }

        var channel = State.History.LastOrDefault(t => t.Channel is not null)?.Channel;
        switch (report.Kind)
        {
            case ProviderEventKind.Delivered when State.Status == NotificationStatus.Sent:
                State.DeliveredAt = report.At;
                await FinishAsync(NotificationStatus.Delivered, channel, $"{report.Provider} reports it delivered.");
                return true;
            case ProviderEventKind.Failed when State.Status == NotificationStatus.Sent:
                await FinishAsync(NotificationStatus.Failed, channel, $"{report.Provider} reports it failed: {report.Reason}");
                return true;
            // A mailbox can bounce a message its server first accepted.
            case ProviderEventKind.Bounced when State.Status is NotificationStatus.Sent or NotificationStatus.Delivered:
                if (channel is not null && report.Address is { } address)
                {
                    await User().MarkUnreachableAsync(channel, [address], $"Bounced: {report.Reason}");
                }

                await FinishAsync(NotificationStatus.Bounced, channel, $"{report.Provider} reports a bounce: {report.Reason}");
                return true;
            case ProviderEventKind.Opened or ProviderEventKind.Clicked or ProviderEventKind.Unsubscribed:
                return await TrackEngagementAsync(Request.Tenant, Request.UserId, report.Kind switch
                {
                    ProviderEventKind.Opened => EngagementAction.Opened,
                    ProviderEventKind.Clicked => EngagementAction.Clicked,
                    _ => EngagementAction.Unsubscribed,
                });
            default:
                return false;
        }
    }

    /// <summary>SendGrid reports its message id with a suffix per recipient; Twilio reports it as it was given.</summary>
    /// <summary>A report names the provider's message it is about; it counts when that is ours (or we never learned our id).</summary>
    private bool IsSameMessage(string? reported) =>
        reported is not null && (State.ProviderMessageId is not { } known || reported == known || reported.StartsWith(known + ".", StringComparison.Ordinal));

    /// <summary>
    /// A notification stored without its reminder (by a build that wrote the two in the other order) is put right by
    /// the sender's repeat, rather than answered "duplicate" while nothing will ever move it.
    /// </summary>
    private async Task EnsureResumingAsync()
    {
        if (await this.GetReminder(ResumeReminder) is null)
        {
            var interval = options.Value.ResumeCheckInterval;
            var due = State.NextAttemptAt is { } next && next > time.GetUtcNow() ? next - time.GetUtcNow() : TimeSpan.Zero;
            _reminder = await this.RegisterOrUpdateReminder(ResumeReminder, State.Status == NotificationStatus.Scheduled ? due : interval, interval);
            _resuming = true;
        }

        if (!IsWaiting())
        {
            lanes.Enqueue(this.GetPrimaryKeyString(), Request.Priority, Request.Tenant);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _resuming = true;
        if (!notification.RecordExists || IsFinished())
        {
            return FinishedAsync();
        }

        if (!IsWaiting())
        {
            // Already active: it stays so, rather than be read again from storage when its turn comes.
            lanes.Enqueue(this.GetPrimaryKeyString(), Request.Priority, Request.Tenant);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes a place in the lanes. Behind a deep backlog the activation is let go while it waits, so that waiting
    /// costs an id in memory rather than a whole activation; the lanes activate it again when its turn comes.
    /// </summary>
    private void EnqueueAndWait()
    {
        lanes.Enqueue(this.GetPrimaryKeyString(), Request.Priority, Request.Tenant);
        if (lanes.Backlog > options.Value.KeepActiveBacklog)
        {
            DeactivateOnIdle();
        }
    }

    public async Task<bool> DeliverAsync()
    {
        if (!notification.RecordExists || IsFinished())
        {
            await FinishedAsync();
            return false;
        }

        if (IsWaiting())
        {
            return false;
        }

        using var activity = telemetry.StartDelivery(this.GetPrimaryKeyString(), Request, State.TraceParent, State.Attempts + 1);
        try
        {
            return await StepAsync();
        }
        catch
        {
            // What is in memory may now be ahead of storage; the next activation starts again from storage, and this
            // one does not store it as it goes.
            _toldSinceWrite = false;
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task<bool> BelongsToAsync(string tenant) => await ExistsAsync() && Request.Tenant == tenant;

    /// <summary>
    /// A recipient a fan-out page delivered itself has no record of their own: the page's record of them is read here,
    /// and becomes this grain's own record at its first change (an engagement, a provider's report).
    /// </summary>
    private async Task<bool> ExistsAsync()
    {
        if (notification.RecordExists || (_page is not null && time.GetElapsedTime(_pageReadAt) < PageRecordFreshFor))
        {
            return true;
        }

        _page = null;

        var id = this.GetPrimaryKeyString();
        _pending = null;
        if (FanOutNotificationId.PageOf(id) is not { } page || await GrainFactory.Get<IFanOutPageGrain>(page).FindAsync(id) is not { } record)
        {
            return false;
        }

        if (record.Pending)
        {
            _pending = record;
            return false;
        }

        _page = page;
        _pageReadAt = time.GetTimestamp();
        State.Request = record.Request;
        State.RequestHash = record.RequestHash;
        State.Status = record.Status;
        State.AcceptedAt = record.AcceptedAt;
        State.DeliveredAt = record.DeliveredAt;
        State.Attempts = record.Attempts;
        State.Admitted = true;
        State.Provider = record.Provider;
        State.ProviderMessageId = record.ProviderMessageId;
        State.History = [.. record.History];
        // The page told these steps when it finished with the recipient.
        State.PublishedTransitions = State.History.Count;
        State.PublishedEngagements = 0;
        return true;
    }

    /// <summary>Sent waits for a provider's callback; the delivery engine has nothing more to do.</summary>
    private bool IsFinished() => State.Status.IsTerminal() || State.Status == NotificationStatus.Sent;

    private bool IsWaiting()
    {
        var now = time.GetUtcNow();
        return State.Status == NotificationStatus.Scheduled && State.NextAttemptAt > now && !(Request.ExpiresAt <= now);
    }

    private async Task<bool> StepAsync()
    {
        var request = Request;
        var mode = request.Mode;
        if (request.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            await FinishAsync(NotificationStatus.Expired, channel: null, $"It expired at {expiresAt:O} before it could be sent.");
            return false;
        }

        string? resuming = null;
        if (State.Status == NotificationStatus.Sending)
        {
            // The attempt recorded as in progress was cut off by a crash: the provider may or may not have it.
            if (mode == DeliveryMode.AtMostOnce)
            {
                await FinishAsync(NotificationStatus.Failed, State.History[^1].Channel, $"Attempt {State.Attempts} was interrupted and its outcome is unknown; at_most_once does not send again.");
                return false;
            }

            resuming = $"Attempt {State.Attempts} was interrupted; sending again under the same id, for receivers to dedupe.";
        }

        Transition(NotificationStatus.Routing, reason: resuming);
        RoutingDecision decision;
        try
        {
            decision = await User().RouteAsync(new RoutingRequest(
                this.GetPrimaryKeyString(), request.Priority, request.Category, request.Channels ?? (request.Channel is null ? null : [request.Channel]),
                request.SendAtLocal, request.DedupeKey, request.DedupeWindow, State.Admitted, State.ExhaustedChannels, request.CategoryPolicy,
                Bulk: request.FanOutId is not null, request.DeviceId));
        }
        catch (Exception exception)
        {
            await ScheduleRetryAsync(channel: null, new DeliveryResult(DeliveryOutcome.Transient, $"Routing failed: {exception.Message}"));
            return false;
        }

        if (decision.SuppressedBecause is { } because)
        {
            if (State.ExhaustedChannels.Count > 0)
            {
                // Nothing suppressed it: every channel it could take has failed for good.
                await FinishAsync(NotificationStatus.Failed, channel: null, $"No channel left to try. {because}");
            }
            else
            {
                await FinishAsync(NotificationStatus.Suppressed, channel: null, because);
            }

            return false;
        }

        if (decision.DeferredUntil is { } until)
        {
            await WaitUntilAsync(until, channel: null, decision.DeferredBecause);
            return false;
        }

        State.Admitted = true;
        for (var i = 0; i < decision.Channels.Count; i++)
        {
            var channel = decision.Channels[i];
            var result = await AttemptAsync(channel, decision);
            if (result.DeadAddresses is { Count: > 0 } dead)
            {
                await User().MarkUnreachableAsync(channel, dead, result.Reason ?? $"Refused for good by {result.Provider ?? channel}.");
            }

            var failedForGood = result.Outcome is DeliveryOutcome.PermanentRecipient or DeliveryOutcome.PermanentConfiguration;
            if (failedForGood && i + 1 < decision.Channels.Count)
            {
                // The fallback: the next channel asked for takes over at once.
                State.ExhaustedChannels.Add(channel);
                Transition(NotificationStatus.Routing, channel, $"{result.Reason} Falling back to {decision.Channels[i + 1]}.");
                continue;
            }

            await RecordOutcomeAsync(channel, result);
            break;
        }

        return true;
    }

    private async Task<DeliveryResult> AttemptAsync(string channel, RoutingDecision decision)
    {
        var request = Request;
        State.Attempts++;
        State.NextAttemptAt = null;
        Transition(NotificationStatus.Sending, channel);
        if (request.Mode != DeliveryMode.AtLeastOnce)
        {
            // The attempt is on record before it starts, so that a crash in the middle is known for what it is.
            await notification.WriteStateAsync();
        }

        var delivery = new Delivery(this.GetPrimaryKeyString(), request, State.Attempts, decision.Language ?? request.Language, decision.Recipient, State.AcceptedAt, decision.Attributes);
        return await ChannelAttempt.RunAsync(GrainFactory, contents, delivery, channel);
    }

    private async Task RecordOutcomeAsync(string channel, DeliveryResult result)
    {
        var request = Request;
        if (result.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent)
        {
            State.Provider = result.Provider;
            State.ProviderMessageId = result.ProviderMessageId;
        }

        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                Transition(NotificationStatus.Sent, channel, ProviderNote(result));
                State.DeliveredAt = time.GetUtcNow();
                await FinishAsync(NotificationStatus.Delivered, channel, reason: null);
                break;
            case DeliveryOutcome.Sent:
                await FinishAsync(NotificationStatus.Sent, channel, ProviderNote(result));
                break;
            case DeliveryOutcome.Transient or DeliveryOutcome.RateLimited when request.Mode == DeliveryMode.AtMostOnce && result.MayHaveBeenDelivered:
                await FinishAsync(NotificationStatus.Failed, channel, $"{result.Reason} The provider may have it; at_most_once does not send again.");
                break;
            case DeliveryOutcome.Transient or DeliveryOutcome.RateLimited when AttemptsThisRound < options.Value.MaxAttemptsFor(channel, request.Priority):
                await ScheduleRetryAsync(channel, result);
                break;
            case DeliveryOutcome.Transient or DeliveryOutcome.RateLimited:
                await DeadLetterAsync(channel, $"Gave up after {AttemptsThisRound} attempts. {result.Reason}");
                break;
            case DeliveryOutcome.PermanentConfiguration:
                // Retrying cannot help until someone fixes the configuration; then the dead letter can be replayed.
                await DeadLetterAsync(channel, result.Reason);
                break;
            default:
                await FinishAsync(NotificationStatus.Failed, channel, result.Reason);
                break;
        }
    }

    internal static string? ProviderNote(DeliveryResult result)
    {
        var taken = result.Provider is null ? null
            : result.ProviderMessageId is null ? $"Taken by {result.Provider}." : $"Taken by {result.Provider} as {result.ProviderMessageId}.";
        return string.Join(" ", new[] { taken, result.Reason }.OfType<string>()) is { Length: > 0 } note ? note : null;
    }

    private int AttemptsThisRound => State.Attempts - State.AttemptsBeforeReplay;

    private Task ScheduleRetryAsync(string? channel, DeliveryResult result)
    {
        var delivery = options.Value;
        var attempt = Math.Max(1, AttemptsThisRound);
        var delay = delivery.RetryScheduleFor(channel) is { Count: > 0 } schedule
            ? RetryBackoff.Scheduled(attempt, schedule, result.RetryAfter, Random.Shared)
            : RetryBackoff.Delay(attempt, delivery.RetryBaseDelay, delivery.RetryMaxDelay, result.RetryAfter, Random.Shared);
        LogRetry(logger, this.GetPrimaryKeyString(), State.Attempts, delay, result.Reason);
        return WaitUntilAsync(time.GetUtcNow() + delay, channel, $"Retry in {delay.TotalSeconds:0.###} s. {result.Reason}");
    }

    /// <summary>
    /// Waits until <paramref name="until"/> (or the expiry, if sooner). A wait shorter than the resume reminder's period
    /// (a retry's backoff, mostly) is a grain timer, with the reminder left as it is to resume the notification if the
    /// silo goes down meanwhile; a longer one moves the reminder, which survives the silo, to the end of the wait.
    /// </summary>
    private async Task WaitUntilAsync(DateTimeOffset until, string? channel, string? reason)
    {
        State.NextAttemptAt = until;
        Transition(NotificationStatus.Scheduled, channel, reason);
        var due = (Request.ExpiresAt < until ? Request.ExpiresAt.Value : until) - time.GetUtcNow();
        due = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        if (due >= options.Value.ResumeCheckInterval || !_resuming)
        {
            await SaveResumingAsync(due);
            return;
        }

        await notification.WriteStateAsync();
        await PublishAsync();
        WakeIn(due);
    }

    private void WakeIn(TimeSpan due)
    {
        _wake?.Dispose();
        _wake = this.RegisterGrainTimer(WakeAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private Task WakeAsync(CancellationToken cancellationToken)
    {
        _wake?.Dispose();
        _wake = null;
        if (!notification.RecordExists || IsFinished())
        {
            return Task.CompletedTask;
        }

        if (IsWaiting())
        {
            // A timer may fire a moment early; the wait is not over until its time.
            WakeIn(State.NextAttemptAt!.Value - time.GetUtcNow() + TimeSpan.FromMilliseconds(1));
            return Task.CompletedTask;
        }

        lanes.Enqueue(this.GetPrimaryKeyString(), Request.Priority, Request.Tenant);
        return Task.CompletedTask;
    }

    private async Task DeadLetterAsync(string channel, string? reason)
    {
        var request = Request;
        // The index first: a crash between the two leaves an entry that a replay recognises as stale, never a
        // dead letter nobody can find.
        await DeadLetters().AddAsync(new DeadLetter(this.GetPrimaryKeyString(), request.UserId, request.Priority, channel, State.Attempts, reason, time.GetUtcNow()));
        await FinishAsync(NotificationStatus.DeadLettered, channel, reason);
    }

    private async Task FinishAsync(NotificationStatus status, string? channel, string? reason)
    {
        State.NextAttemptAt = null;
        Transition(status, channel, reason);
        // The final state first, then its events: a crash before the reminder goes leaves a reminder that finds the
        // work done and tells its events again. Events that could not be told keep the reminder, which tells them later.
        await notification.WriteStateAsync();
        if (await PublishAsync() && await ListForRemovalAsync())
        {
            await UnregisterResumeReminderAsync();
        }
        else
        {
            await RemindLaterAsync();
        }

        DeactivateOnIdle();
    }

    /// <summary>
    /// What a finished notification could not do at once (tell its events, be listed for removal) is done by the resume
    /// reminder, registered again if it went already (a provider's report or an engagement after it finished).
    /// </summary>
    private async Task RemindLaterAsync()
    {
        if (!_resuming)
        {
            var interval = options.Value.ResumeCheckInterval;
            _reminder = await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
            _resuming = true;
        }
    }

    /// <summary>
    /// Registers the reminder that resumes the notification, due in <paramref name="due"/>, then stores the state.
    /// Orleans' reminders and grain state are written apart (in any backend); in this order a crash between the two
    /// leaves a reminder with nothing stored behind it, which finds no record and goes, never a stored notification
    /// that nothing would resume.
    /// </summary>
    /// <param name="firstRecord">The notification is stored for the first time: it goes among the user's records too,
    /// before it is stored, for the same reason.</param>
    private async Task SaveResumingAsync(TimeSpan due, bool firstRecord = false)
    {
        var reminder = this.RegisterOrUpdateReminder(ResumeReminder, due, options.Value.ResumeCheckInterval);
        if (firstRecord)
        {
            await Task.WhenAll(reminder, RecordForUserAsync(Request));
        }

        _reminder = await reminder;
        _resuming = true;
        await notification.WriteStateAsync();
        await PublishAsync();
    }

    public async Task ExpireAsync(DateTimeOffset finishedBefore)
    {
        DeactivateOnIdle();
        // Finished again since it was listed (replayed, or a provider's report moved it on): its later listing removes it.
        if (notification.RecordExists && IsFinished() && State.History[^1].At <= finishedBefore && !_resuming)
        {
            _toldSinceWrite = false;
            if (State.Status == NotificationStatus.DeadLettered)
            {
                await DeadLetters().RemoveAsync(this.GetPrimaryKeyString());
            }

            await notification.ClearStateAsync();
        }
    }

    /// <summary>
    /// Lists the finished notification for removal at the end of its tenant's retention (again, if it was listed
    /// before it was replayed: the earlier listing then finds it finished or leaves it). False when that failed: the
    /// resume reminder stays, and lists it later.
    /// </summary>
    private async Task<bool> ListForRemovalAsync()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (_listedOn == today)
        {
            return true;
        }

        try
        {
            if (_page is not null && !_recordedForUser)
            {
                // A record of its own now, where the page's was: among the user's records, to be exported or erased.
                await RecordForUserAsync(Request);
                _recordedForUser = true;
            }

            await retention.RecordAsync(Request.Tenant, RetainedKind.Notification, this.GetPrimaryKeyString());
            _listedOn = today;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotListed(logger, exception, this.GetPrimaryKeyString());
            return false;
        }
    }

    /// <summary>
    /// A recipient a fan-out page finished has a record of its own from its first change here (an engagement, a
    /// provider's report): that record is listed for removal like the page's.
    /// </summary>
    private Task<bool> ListTakenOverRecordAsync() => _page is not null ? ListForRemovalAsync() : Task.FromResult(true);

    public async Task EnsureRecordedAsync()
    {
        DeactivateOnIdle();
        if (notification.RecordExists && !State.Erased)
        {
            await RecordForUserAsync(Request);
        }
    }

    /// <summary>Puts the notification among its user's records, by which it is found to export or erase.</summary>
    private Task RecordForUserAsync(NotificationRequest request) =>
        GrainFactory.Get<IUserRecordsGrain>(UserKey.For(request.Tenant, request.UserId))
            .AddAsync(new UserRecord(UserRecordKind.Notification, this.GetPrimaryKeyString()), bulk: request.FanOutId is not null);

    private async Task FinishedAsync()
    {
        if (!notification.RecordExists || (await PublishAsync() && await ListForRemovalAsync()))
        {
            await UnregisterResumeReminderAsync();
        }

        DeactivateOnIdle();
    }

    /// <summary>
    /// Hands the steps and engagements stored since the last time to the tenant's event log (only what its endpoints
    /// want). False when the log could not take them: they are told at the next write, or by the resume reminder.
    /// </summary>
    private async Task<bool> PublishAsync()
    {
        var fromTransition = State.PublishedTransitions ?? State.History.Count;
        var fromEngagement = State.PublishedEngagements ?? State.Engagements.Count;
        if (fromTransition >= State.History.Count && fromEngagement >= State.Engagements.Count)
        {
            return true;
        }

        var request = Request;
        var id = this.GetPrimaryKeyString();
        if (WorkflowRunIds.RunOfSend(id) is { } runId
            && (State.Engagements.Count > fromEngagement || State.History.Skip(fromTransition).Any(t => t.Status.IsTerminal())))
        {
            // The run that sent it may be waiting to hear how it went (a branch on delivered or opened): told one way.
            await GrainFactory.Get<IWorkflowRunGrain>(runId).WakeAsync();
        }

        if (await events.TryPublishAsync(request.Tenant, () => NotificationEvents.Of(id, request, State.History, fromTransition, State.Engagements, fromEngagement, State.Provider)) is not { } told)
        {
            return false;
        }

        State.PublishedTransitions = State.History.Count;
        State.PublishedEngagements = State.Engagements.Count;
        _toldSinceWrite |= told > 0;
        return true;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_toldSinceWrite && notification.RecordExists)
        {
            // Stores how far the events were told, so that the next activation does not tell them again (it would, under
            // the same ids, should this write not happen: a crash).
            try
            {
                await notification.WriteStateAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogToldNotStored(logger, exception, this.GetPrimaryKeyString());
            }
        }
    }

    private async Task UnregisterResumeReminderAsync()
    {
        _resuming = false;
        var reminder = _reminder ?? await this.GetReminder(ResumeReminder);
        _reminder = null;
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private IUserGrain User() => GrainFactory.Get<IUserGrain>(UserKey.For(Request.Tenant, Request.UserId));

    private IDeadLetterGrain DeadLetters() => GrainFactory.Get<IDeadLetterGrain>(Request.Tenant);

    private void Transition(NotificationStatus status, string? channel = null, string? reason = null)
    {
        var now = time.GetUtcNow();
        State.Status = status;
        State.History.Add(new NotificationTransition(status, now, channel, State.Attempts, reason));
        Record(status, engagement: null, channel, now);
    }

    private void Record(NotificationStatus? status, EngagementAction? engagement, string? channel, DateTimeOffset now)
    {
        var request = Request;
        telemetry.Record(request.Tenant, new DeliveryEvent(
            this.GetPrimaryKeyString(), status, engagement, channel, request.Priority, State.Provider, request.Category, request.TemplateId, now, now - State.AcceptedAt,
            request.UserId, request.FanOutId, request.Topic));
    }

    private FanOutRecord? PendingOf(string tenant) => _pending is { } pending && pending.Request.Tenant == tenant ? pending : null;

    /// <summary>Takes a notification out of the batch it waits in; null when its page has started sending it.</summary>
    private async Task<FanOutRecord?> WithdrawAsync(FanOutRecord pending, string reason, bool erase)
    {
        if (pending.Status != NotificationStatus.Scheduled)
        {
            return null;
        }

        // The page's record of it is read again at the next call.
        _pending = null;
        return await GrainFactory.Get<IFanOutPageGrain>(FanOutNotificationId.PageOf(pending.NotificationId)!).WithdrawAsync(pending.NotificationId, reason, erase);
    }

    /// <summary>A request as kept once its user is erased: nothing of what it said.</summary>
    internal static NotificationRequest WithoutContent(NotificationRequest request) => request with
    {
        Message = "",
        Title = null,
        Data = null,
        DedupeKey = null,
        Language = null,
    };

    private static NotificationSnapshot SnapshotOf(FanOutRecord record) =>
        new(record.NotificationId, record.Request, record.Status, record.AcceptedAt, record.DeliveredAt, record.Attempts, record.History, Engagements: [],
            record.Status == NotificationStatus.Scheduled ? record.Request.SendAt : null, record.Provider, record.ProviderMessageId);

    private NotificationSnapshot Snapshot() => new(
        this.GetPrimaryKeyString(),
        Request,
        State.Status,
        State.AcceptedAt,
        State.DeliveredAt,
        State.Attempts,
        State.History.ToArray(),
        State.Engagements.ToArray(),
        State.Status == NotificationStatus.Scheduled ? State.NextAttemptAt : null,
        State.Provider,
        State.ProviderMessageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Notification {NotificationId} could not be listed for removal at the end of its retention; its reminder lists it later")]
    private static partial void LogNotListed(ILogger logger, Exception exception, string notificationId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Notification {NotificationId} could not store how far its events were told; they may be told again")]
    private static partial void LogToldNotStored(ILogger logger, Exception exception, string notificationId);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Notification {NotificationId} attempt {Attempt} will be retried in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string notificationId, int attempt, TimeSpan delay, string? reason);
}
