using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Delivers one page of a send to many users without a notification grain per recipient: each recipient is routed by
/// their user grain and handed to the channel under a slot of the delivery lanes, and what became of all of them is
/// stored in one write. The page is the recipients' durable record until then: it is stored as started before the
/// first call, so a crash makes the page again the slow way, as one notification grain per recipient, each resending
/// under its same id for the receiver to dedupe. At-most-once and exactly-once sends take that way from the start.
/// A recipient that has to wait (a retry, quiet hours, a fallback channel) gets a notification grain of their own.
/// A batch of notifications that share nothing is accepted as a page too: its page is its own durable record and
/// holds the reminder that makes it again the slow way after a crash. A batch that waits for its send time waits as
/// its stored page, kept by the <see cref="ScheduledReleaseGrain"/> of that time: not as an activation, a reminder and
/// a record per notification.
/// </summary>
[GrainType(FanOutPageGrain.GrainTypeName)]
[CollectionAgeLimit(Minutes = 1)]
// Orleans' default placement favours the calling silo, which would keep a send's every page on the silo that runs the
// send: spread at random, a send to many is delivered by the whole cluster.
[Orleans.Placement.RandomPlacement]
public sealed class FanOutPageGrain(
    [PersistentState(FanOutPageGrainState.Name)] IPersistentState<FanOutPageGrainState> page,
    DeliveryLanes lanes,
    MessageContents contents,
    DeliveryTelemetry telemetry,
    EventPublisher events,
    RetentionJournal retention,
    IOptions<DeliveryOptions> options,
    IOptions<RateLimitOptions> rateLimits,
    TimeProvider time) : Grain, IFanOutPageGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "fanoutpage";

    /// <summary>Recipients of a page waiting for or holding a lane slot at once; the lanes decide how many run.</summary>
    private const int ParallelRecipients = 128;

    private const string ResumeReminder = "resume";

    /// <summary>How far apart the silos' clocks (and the front door's) may be.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Whether this activation stored the batch as started, and so may deliver it the fast way.</summary>
    private bool _startedHere;

    /// <summary>A waiting batch's time has come and it is being released: none of it can be withdrawn any more.</summary>
    private bool _releasing;

    /// <summary>The withdrawals in progress (they interleave with other calls, but not with each other or a release).</summary>
    private Task _withdrawals = Task.CompletedTask;

    /// <summary>The batch's reminder as this activation registered it, so that removing it needs no read of the table.</summary>
    private IGrainReminder? _reminder;

    /// <summary>The directory page of each recipient of a batch the routing found listed, where the batch is logged.</summary>
    private Dictionary<string, int>? _directoryPages;

    private FanOutPageGrainState State => page.State;

    public async Task<FanOutPageResult> DeliverAsync(FanOutPageWork work)
    {
        if (State.Completed)
        {
            // Asked again after a crash or a failure: its recipients' events may not have been told, or the page listed.
            await TellAndListAsync();
            return new FanOutPageResult(State.Notifications, State.Skipped);
        }

        var request = work.Request;
        // At-most-once and exactly-once record each attempt before it starts, so that a crash in the middle is known
        // for what it is: that takes a notification grain per recipient, as does a send that waits for its time.
        var slowWay = State.Started || request.Mode != DeliveryMode.AtLeastOnce || request.SendAt > time.GetUtcNow();
        if (!State.Started)
        {
            State.AcceptedAt = time.GetUtcNow();
        }

        State.Request = request;
        State.RequestHash = work.RequestHash;
        if (slowWay)
        {
            return await MakeEachAsync(work.Recipients, work.RequestHash);
        }

        State.Started = true;
        await page.WriteStateAsync();
        return await CompleteAsync(await DeliverEachAsync(work.Recipients, work.RequestHash), work.Recipients.Count, 0);
    }

    public async Task AcceptBatchAsync(IReadOnlyList<FanOutRecipient> items)
    {
        if (page.RecordExists)
        {
            return;
        }

        var now = time.GetUtcNow();
        var sendAt = SendTimeOf(items, now);
        State.Tenant = items[0].Request!.Tenant;
        State.RequestHash = "";
        State.AcceptedAt = now;
        State.Batch = [.. items];
        State.SendAt = sendAt;
        // Nothing is delivered before this write, so it is the page's "started" mark as well, unless it waits.
        State.Started = sendAt is null;
        // What releases it first (its reminder, or the release of its send time): a crash between the two leaves one
        // that finds nothing.
        if (sendAt is { } at)
        {
            // A waiting batch is found among its users' records (to export, or to cancel at an erasure) until its time.
            await Task.WhenAll(
                GrainFactory.Get<IScheduledReleaseGrain>(ScheduledReleaseGrain.KeyFor(at, this.GetPrimaryKeyString())).AddAsync(this.GetPrimaryKeyString(), at),
                RecordForRecipientsAsync(items.Select(item => item.UserId)));
        }
        else
        {
            var interval = options.Value.ResumeCheckInterval;
            _reminder = await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
        }

        try
        {
            await page.WriteStateAsync();
        }
        catch
        {
            // The sender hears the batch failed: nothing of it may go out later (a release finds nothing stored).
            DeactivateOnIdle();
            if (sendAt is null)
            {
                await UnregisterResumeReminderAsync();
            }

            throw;
        }

        foreach (var item in items)
        {
            Record(item.NotificationId, item.Request!, NotificationStatus.Accepted, now);
            if (sendAt is not null)
            {
                Record(item.NotificationId, item.Request!, NotificationStatus.Scheduled, now);
            }
        }

        if (sendAt is not null)
        {
            await TellScheduledAsync();
            DeactivateOnIdle();
            return;
        }

        _startedHere = true;
        _ = this.AsReference<IFanOutPageGrain>().DeliverBatchAsync();
    }

    /// <summary>
    /// The send time the batch waits for, if it is in the future. The sender pages what waits by send time, and puts
    /// send times together only when it found them all passed: this silo's clock, a moment behind, may not yet.
    /// </summary>
    private static DateTimeOffset? SendTimeOf(IReadOnlyList<FanOutRecipient> items, DateTimeOffset now)
    {
        var sendAt = items[0].Request!.SendAt;
        if (items.All(item => item.Request!.SendAt == sendAt))
        {
            return sendAt > now ? sendAt : null;
        }

        if (items.Any(item => item.Request!.SendAt > now + ClockSkew))
        {
            throw new ArgumentException("A batch's notifications that wait share one send time.", nameof(items));
        }

        return null;
    }

    /// <summary>
    /// Tells the tenant's event endpoints that the waiting batch's notifications were accepted and scheduled. Told
    /// again with the rest of their steps when the page is complete if this could not be stored (same ids).
    /// </summary>
    private async Task TellScheduledAsync()
    {
        var told = await events.TryPublishAsync(State.Tenant!, () => [.. State.Batch.SelectMany(item =>
            NotificationEvents.Of(item.NotificationId, RequestOf(item), WaitingHistory(), 0, [], 0, provider: null))]);
        if (told > 0)
        {
            State.ScheduledTold = true;
            try
            {
                await page.WriteStateAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The batch is accepted all the same: its first steps are told again, under the same ids, with the rest.
                State.ScheduledTold = false;
                DeactivateOnIdle();
            }
        }
    }

    /// <summary>The first steps of each notification the page told already (a waiting batch's accept and schedule).</summary>
    private int ToldSteps => State.ScheduledTold ? 2 : 0;

    /// <summary>The steps a notification of this page has taken before the page routes it.</summary>
    private List<NotificationTransition> WaitingHistory() => State.SendAt is { } sendAt
        ? [new(NotificationStatus.Accepted, State.AcceptedAt), NotificationTransition.ScheduledFor(State.AcceptedAt, sendAt)]
        : [new(NotificationStatus.Accepted, State.AcceptedAt)];

    public async Task DeliverBatchAsync()
    {
        if (State.Completed || State.Batch.Count == 0)
        {
            return;
        }

        if (!_startedHere)
        {
            // Cut off by a crash, somewhere among its recipients, before this activation.
            await MakeEachAsync(State.Batch, State.RequestHash!);
            return;
        }

        await CompleteAsync(await DeliverEachAsync(State.Batch, State.RequestHash!), State.Batch.Count, 0);
    }

    public async Task ReleaseAsync()
    {
        if (!page.RecordExists || State.Completed || State.Batch.Count == 0)
        {
            // Done (the last of it withdrawn, perhaps), unless its events are still to be told; or never stored.
            if (State.Completed && State.Untold)
            {
                await TellAndListAsync();
            }

            DeactivateOnIdle();
            return;
        }

        if (State.Started)
        {
            // Cut off by a crash, somewhere among its recipients: made again the slow way, each resending under its same id.
            await MakeEachAsync(State.Batch, State.RequestHash!);
            return;
        }

        _releasing = true;
        try
        {
            await _withdrawals;
        }
        catch
        {
            // Its caller hears of it.
        }

        if (State.Completed || State.Batch.Count == 0)
        {
            // Withdrawn, the last of it, a moment ago.
            return;
        }

        if (State.SendAt - time.GetUtcNow() is { } early && early > TimeSpan.Zero)
        {
            await Task.Delay(early, time);
        }

        State.Started = true;
        try
        {
            await page.WriteStateAsync();
        }
        catch
        {
            // Not known to be started: the next activation reads what was stored.
            DeactivateOnIdle();
            throw;
        }

        _startedHere = true;
        // A campaign's pages fall due together: each joins the lanes in turn as they have room for it.
        Task<List<FanOutPageEntry>> delivering;
        using (await lanes.ReleaseAsync())
        {
            // Its recipients take their places in the lanes before the turn passes on.
            delivering = DeliverEachAsync(State.Batch, State.RequestHash!);
        }

        await CompleteAsync(await delivering, State.Batch.Count, 0);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Completed && State.Batch.Count > 0)
        {
            // Cut off by a crash, or its delivery failed: made again, each resending under its same id.
            await MakeEachAsync(State.Batch, State.RequestHash!);
            return;
        }

        // Done, but a crash (or the event log) may have kept its recipients' events from being told, or the page from
        // being listed for removal.
        await TellAndListAsync();
        await UnregisterResumeReminderAsync();
        DeactivateOnIdle();
    }

    private async Task<List<FanOutPageEntry>> DeliverEachAsync(IReadOnlyList<FanOutRecipient> recipients, string requestHash)
    {
        var entries = new FanOutPageEntry?[recipients.Count];
        await Concurrently.ForEachAsync(recipients, ParallelRecipients, async (recipient, i) =>
            entries[i] = await DeliverToAsync(recipient, requestHash));
        return entries.OfType<FanOutPageEntry>().ToList();
    }

    public Task<FanOutRecord?> FindAsync(string notificationId)
    {
        if (!State.Completed && State.Batch.Find(r => r.NotificationId == notificationId) is { } pending)
        {
            // Scheduled while it can still be withdrawn; accepted once the page is sending it.
            var history = WaitingHistory();
            var status = State.Started || _releasing ? NotificationStatus.Accepted : history[^1].Status;
            return Task.FromResult<FanOutRecord?>(new FanOutRecord(pending.NotificationId, RequestOf(pending), State.RequestHash!, status,
                State.AcceptedAt, DeliveredAt: null, Attempts: 0, Provider: null, ProviderMessageId: null, history, Pending: true));
        }

        // Before the page is complete, only those withdrawn from a waiting batch have an entry.
        if (State.Untold || State.Entries.Find(e => e.NotificationId == notificationId) is not { } entry)
        {
            return Task.FromResult<FanOutRecord?>(null);
        }

        return Task.FromResult<FanOutRecord?>(RecordOf(entry));
    }

    private FanOutRecord RecordOf(FanOutPageEntry entry) => new(entry.NotificationId, RequestOf(entry), State.RequestHash!, entry.Status, State.AcceptedAt,
        entry.DeliveredAt, entry.Attempts, entry.Provider, entry.ProviderMessageId, entry.History(State.AcceptedAt));

    public Task<FanOutRecord?> WithdrawAsync(string notificationId, string reason, bool erase)
    {
        if (!page.RecordExists || State.Started || _releasing || State.Completed)
        {
            return Task.FromResult<FanOutRecord?>(null);
        }

        var withdrawal = AfterAsync(_withdrawals, () => WithdrawOneAsync(notificationId, reason, erase));
        _withdrawals = withdrawal;
        return withdrawal;
    }

    private static async Task<T> AfterAsync<T>(Task previous, Func<Task<T>> next)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The earlier withdrawal's caller hears of its failure.
        }

        return await next();
    }

    private async Task<FanOutRecord?> WithdrawOneAsync(string notificationId, string reason, bool erase)
    {
        var index = State.Started || _releasing ? -1 : State.Batch.FindIndex(r => r.NotificationId == notificationId);
        if (index < 0)
        {
            return null;
        }

        var item = State.Batch[index];
        var request = RequestOf(item);
        request = erase ? NotificationGrain.WithoutContent(request) : request;
        var now = time.GetUtcNow();
        var entry = new FanOutPageEntry(item.NotificationId, item.UserId, item.Channel, item.Priority, NotificationStatus.Cancelled,
            RoutedAt: null, SendingAt: null, FinishedAt: now, Reason: reason, Request: request);
        State.Batch.RemoveAt(index);
        State.Entries.Add(entry);
        if (State.Batch.Count == 0)
        {
            State.Completed = true;
            State.Untold = await HasEventEndpointsAsync();
            State.Notifications = State.Entries.Count;
        }

        try
        {
            await page.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        Record(item.NotificationId, request, NotificationStatus.Cancelled, now);
        if (State.Completed)
        {
            // The last of the batch: done, its events told and the page listed as any page is.
            try
            {
                await TellAndListAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Withdrawn all the same: a reminder of its own tells them, rather than the release at its send time.
                var interval = options.Value.ResumeCheckInterval;
                _reminder = await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
            }

            DeactivateOnIdle();
            return RecordOf(entry);
        }

        var fromStep = ToldSteps;
        if (await events.TryPublishAsync(request.Tenant, () => NotificationEvents.Of(entry.NotificationId, request, entry.History(State.AcceptedAt), fromStep, [], 0, provider: null)) > 0)
        {
            var at = State.Entries.IndexOf(entry);
            State.Entries[at] = entry with { Told = true };
            try
            {
                await page.WriteStateAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Withdrawn all the same: its events are told again, under the same ids, with the page's.
                State.Entries[at] = entry;
                DeactivateOnIdle();
            }
        }

        DeactivateOnIdle();
        return RecordOf(entry);
    }

    public Task ForgetAsync(string notificationId)
    {
        // In turn with the withdrawals, which interleave: one write of the state at a time.
        var forgetting = AfterAsync(_withdrawals, async () =>
        {
            if (State.Entries.RemoveAll(e => e.NotificationId == notificationId) > 0)
            {
                await page.WriteStateAsync();
            }

            return (FanOutRecord?)null;
        });
        _withdrawals = forgetting;
        return forgetting;
    }

    public Task<bool> IsKeptAsync() => Task.FromResult(page.RecordExists);

    public async Task ExpireAsync(DateTimeOffset finishedBefore)
    {
        DeactivateOnIdle();
        if (page.RecordExists && State.Completed && State.AcceptedAt <= finishedBefore)
        {
            await page.ClearStateAsync();
        }
    }

    public async Task EnsureRecordedAsync()
    {
        DeactivateOnIdle();
        if (State.Completed)
        {
            await RecordForRecipientsAsync(State.Entries.Select(e => e.UserId));
        }
    }

    /// <summary>
    /// A delivered batch is logged once on each page of the directory its recipients are listed on, as a send to many is
    /// (see <see cref="FanOutLog"/>): one write for recipients who share a page, not an activation and a write per
    /// recipient. Those the routing did not find listed (no such user, or expired before routing) have it among their
    /// own records.
    /// </summary>
    private async Task RecordForRecipientsAsync(List<FanOutPageEntry> entries)
    {
        var pages = _directoryPages;
        _directoryPages = null;
        var unlisted = new List<string>();
        var listedOn = new Dictionary<int, HashSet<uint>>();
        foreach (var entry in entries)
        {
            if (pages?.TryGetValue(entry.UserId, out var listed) == true)
            {
                if (!listedOn.TryGetValue(listed, out var recipients))
                {
                    listedOn[listed] = recipients = [];
                }

                recipients.Add(StableHash.Of(entry.UserId));
            }
            else
            {
                unlisted.Add(entry.UserId);
            }
        }

        var tenant = State.Tenant!;
        await Task.WhenAll(listedOn.Select(listed => FanOutLog.RecordAsync(GrainFactory, DirectoryKey.UserPage(tenant, listed.Key), this.GetPrimaryKeyString(), [.. listed.Value]))
            .Append(RecordForRecipientsAsync(unlisted)));
    }

    /// <summary>
    /// Each recipient's records name the page: a waiting batch's, a delivered batch's recipients the routing did not find
    /// listed, and a send's to many stored before the sends' logs (the backfill).
    /// </summary>
    private Task RecordForRecipientsAsync(IEnumerable<string> userIds)
    {
        var record = new UserRecord(UserRecordKind.FanOutPage, this.GetPrimaryKeyString());
        return Concurrently.ForEachAsync(userIds.Distinct(StringComparer.Ordinal).ToArray(), ParallelRecipients, (userId, _) =>
            GrainFactory.Get<IUserRecordsGrain>(UserKey.For(State.Request?.Tenant ?? State.Tenant!, userId)).AddAsync(record, bulk: State.Request is not null));
    }

    public Task<IReadOnlyList<string>> NotificationsOfAsync(string userId) =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Entries.Where(e => e.UserId == userId).Select(e => e.NotificationId),
            .. State.Batch.Where(r => r.UserId == userId).Select(r => r.NotificationId)]);

    /// <summary>
    /// The slow way: a notification grain per recipient under the id made for them, once the lanes have room, so that a
    /// page of them never waits in memory at once; a notification made before is met as a duplicate. Then the page is
    /// complete, keeping no recipient of its own.
    /// </summary>
    private async Task<FanOutPageResult> MakeEachAsync(IReadOnlyList<FanOutRecipient> recipients, string requestHash)
    {
        await lanes.WaitForBacklogAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        long accepted = 0;
        await Concurrently.ForEachAsync(recipients, ParallelRecipients, async (recipient, _) =>
        {
            var result = await GrainFactory.Get<INotificationGrain>(recipient.NotificationId).AcceptAsync(RequestOf(recipient), requestHash);
            if (result.Outcome == AcceptOutcome.Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        // Those found made already were made by the page's earlier try.
        return await CompleteAsync([], accepted, recipients.Count - accepted);
    }

    private async Task<FanOutPageResult> CompleteAsync(List<FanOutPageEntry> entries, long notifications, long skipped)
    {
        if (State.Request is null && State.SendAt is null)
        {
            // A batch is found by its recipients before the page keeps theirs, so a crash in between leaves entries
            // that find nothing (the page is made again the slow way, where each notification records itself). A
            // waiting batch was put among their records at its accept.
            await RecordForRecipientsAsync(entries);
        }

        // Those withdrawn while the batch waited come first.
        State.Entries = [.. State.Entries, .. entries];
        State.Untold = await HasEventEndpointsAsync();
        State.Notifications = notifications;
        State.Skipped = skipped;
        State.Completed = true;
        // A batch holds a reminder of its own, unless it waited for its send time.
        var batch = State.Batch.Count > 0 && State.SendAt is null;
        State.Batch = [];
        try
        {
            await page.WriteStateAsync();
        }
        catch
        {
            // What is in memory is ahead of storage: the next activation starts again from what was stored.
            DeactivateOnIdle();
            throw;
        }

        // The recipients' events after the write, and the reminder after both: a crash in between leaves a reminder that
        // finds the batch done and tells them again. A send to many that cannot tell them fails the page, to be asked again.
        await TellAndListAsync();
        if (batch)
        {
            await UnregisterResumeReminderAsync();
        }

        // Read back only when someone asks about one of its recipients.
        DeactivateOnIdle();
        return new FanOutPageResult(notifications, skipped);
    }

    /// <summary>Null when the recipient was handed to a notification grain of their own.</summary>
    private async Task<FanOutPageEntry?> DeliverToAsync(FanOutRecipient recipient, string requestHash)
    {
        var request = RequestOf(recipient);
        var history = new List<NotificationTransition>(4);
        var acceptedAt = State.AcceptedAt;
        void Transition(NotificationStatus status, string? channel = null, int attempt = 0, string? reason = null, string? provider = null, DateTimeOffset? at = null)
        {
            var now = at ?? time.GetUtcNow();
            history.Add(new NotificationTransition(status, now, channel, attempt, reason));
            Record(recipient.NotificationId, request, status, now, channel, provider);
        }

        if (recipient.Request is null)
        {
            Transition(NotificationStatus.Accepted, at: acceptedAt);
        }
        else
        {
            // A batch's notifications were counted as accepted (and scheduled) when the batch was.
            history.AddRange(WaitingHistory());
        }

        string? channel = null;
        RoutingDecision decision;
        DeliveryResult result;
        using (var slot = await lanes.EnterAsync(request.Priority, request.Tenant))
        {
            if (request.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
            {
                Transition(NotificationStatus.Expired, reason: $"It expired at {expiresAt:O} before it could be sent.");
                return Entry(recipient, NotificationStatus.Expired, history, result: null);
            }

            Transition(NotificationStatus.Routing);
            var routing = new RoutingRequest(
                recipient.NotificationId, request.Priority, request.Category, request.Channels ?? (request.Channel is null ? null : [request.Channel]),
                request.SendAtLocal, request.DedupeKey, request.DedupeWindow, Admitted: false, Exhausted: [], request.CategoryPolicy, Bulk: request.FanOutId is not null,
                request.DeviceId, CardMissingOn: recipient.Card is null && State.Request is not null ? request.Topic : null);
            try
            {
                decision = RouteByCard(recipient.Card, routing)
                    ?? await GrainFactory.Get<IUserGrain>(UserKey.For(request.Tenant, request.UserId)).RouteAsync(routing);
            }
            catch (Exception exception)
            {
                return await HandOverAsync(new FanOutContinuation(request, requestHash, acceptedAt, history, Admitted: false,
                    Result: new DeliveryResult(DeliveryOutcome.Transient, $"Routing failed: {exception.Message}"), ToldSteps: ToldSteps), recipient.NotificationId);
            }

            if (decision.DirectoryPage is { } directoryPage && State.Request is null && State.SendAt is null)
            {
                (_directoryPages ??= new(StringComparer.Ordinal))[request.UserId] = directoryPage;
            }

            if (decision.SuppressedBecause is { } because)
            {
                Transition(NotificationStatus.Suppressed, reason: because);
                return Entry(recipient, NotificationStatus.Suppressed, history, result: null);
            }

            if (decision.DeferredUntil is { } until)
            {
                return await HandOverAsync(new FanOutContinuation(request, requestHash, acceptedAt, history, Admitted: false,
                    DeferredUntil: until, DeferredBecause: decision.DeferredBecause, ToldSteps: ToldSteps), recipient.NotificationId);
            }

            channel = decision.Channels[0];
            Transition(NotificationStatus.Sending, channel, attempt: 1);
            using var activity = telemetry.StartDelivery(recipient.NotificationId, request, recipient.TraceParent, attempt: 1);
            var delivery = new Delivery(recipient.NotificationId, request, 1, decision.Language ?? request.Language, decision.Recipient, acceptedAt, decision.Attributes);
            result = await ChannelAttempt.RunAsync(GrainFactory, contents, delivery, channel);
            slot.Attempted = true;
        }

        var note = NotificationGrain.ProviderNote(result);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                Transition(NotificationStatus.Sent, channel, 1, note, result.Provider);
                Transition(NotificationStatus.Delivered, channel, 1, provider: result.Provider, at: history[^1].At);
                return Entry(recipient, NotificationStatus.Delivered, history, result);
            case DeliveryOutcome.Sent:
                Transition(NotificationStatus.Sent, channel, 1, note, result.Provider);
                return Entry(recipient, NotificationStatus.Sent, history, result);
            default:
                // Retries, dead letters, fallbacks and unreachable addresses are the notification grain's business.
                return await HandOverAsync(new FanOutContinuation(request, requestHash, acceptedAt, history, Admitted: true,
                    Channel: channel, Result: result, Channels: decision.Channels, ToldSteps: ToldSteps), recipient.NotificationId);
        }
    }

    /// <summary>
    /// The decision the user's routing card gives, when it is enough: not when the notification must pass the user's
    /// dedupe window or rate limits, which their grain keeps.
    /// </summary>
    private RoutingDecision? RouteByCard(RoutingCard? card, RoutingRequest routing)
    {
        if (card is null || routing.DedupeKey is not null)
        {
            return null;
        }

        var decision = UserRouting.Decide(card, routing, time.GetUtcNow());
        return decision.Channels.Count > 0 && UserRouting.NeedsAdmission(routing, decision.Channels[0], UserRouting.RulesFor(routing, rateLimits.Value.Rules))
            ? null
            : decision;
    }

    private async Task<FanOutPageEntry?> HandOverAsync(FanOutContinuation continuation, string notificationId)
    {
        await GrainFactory.Get<INotificationGrain>(notificationId).ContinueAsync(continuation);
        return null;
    }

    /// <summary>The entry keeps the times of the steps; <see cref="FanOutPageEntry.History"/> tells them again.</summary>
    private static FanOutPageEntry Entry(FanOutRecipient recipient, NotificationStatus status, List<NotificationTransition> history, DeliveryResult? result)
    {
        var sending = history.Find(t => t.Status == NotificationStatus.Sending);
        var last = sending is null ? history[^1] : history.Find(t => t.Status == NotificationStatus.Sent)!;
        return new(recipient.NotificationId, recipient.UserId, recipient.Channel, recipient.Priority, status,
            RoutedAt: history.Find(t => t.Status == NotificationStatus.Routing)?.At, SendingAt: sending?.At, FinishedAt: history[^1].At,
            SentOn: sending?.Channel, Reason: last.Reason, result?.Provider, result?.ProviderMessageId, recipient.Request);
    }

    /// <summary>
    /// Tells the tenant's event log what became of each recipient the page finished itself (once: the page stores that
    /// it did), then lists the page for removal at the end of the tenant's retention (a repeat after a
    /// crash lists it again, which the journal takes in its stride).
    /// </summary>
    /// <summary>Whether the tenant's event endpoints are to be told about the recipients; when that cannot be known, they are.</summary>
    private async Task<bool> HasEventEndpointsAsync()
    {
        try
        {
            return (await events.EndpointsOfAsync(State.Request?.Tenant ?? State.Tenant!)).Count > 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return true;
        }
    }

    private async Task TellAndListAsync()
    {
        var tenant = State.Request?.Tenant ?? State.Tenant!;
        if (State.Untold)
        {
            var fromStep = ToldSteps;
            var told = await events.TryPublishAsync(tenant, () => [.. State.Entries.Where(entry => !entry.Told).SelectMany(entry =>
                NotificationEvents.Of(entry.NotificationId, RequestOf(entry), entry.History(State.AcceptedAt), fromStep, [], 0, entry.Provider))]);
            if (told is null)
            {
                throw new InvalidOperationException("The page's events could not be logged for the tenant's event endpoints; it is asked again.");
            }

            State.Untold = false;
            await page.WriteStateAsync();
        }

        await retention.RecordAsync(tenant, RetainedKind.FanOutPage, this.GetPrimaryKeyString());
    }

    private async Task UnregisterResumeReminderAsync()
    {
        var reminder = _reminder ?? await this.GetReminder(ResumeReminder);
        _reminder = null;
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Counts a step the page took for one of its notifications.</summary>
    private void Record(string notificationId, NotificationRequest request, NotificationStatus status, DateTimeOffset now, string? channel = null, string? provider = null) =>
        telemetry.Record(request.Tenant, new DeliveryEvent(
            notificationId, status, Engagement: null, channel, request.Priority, provider, request.Category, request.TemplateId, now, now - State.AcceptedAt,
            request.UserId, request.FanOutId, request.Topic));

    private NotificationRequest RequestOf(FanOutRecipient recipient) => recipient.Request ??
        State.Request! with { UserId = recipient.UserId, Channel = recipient.Channel, Priority = recipient.Priority };

    private NotificationRequest RequestOf(FanOutPageEntry entry) => entry.Request ??
        State.Request! with { UserId = entry.UserId, Channel = entry.Channel, Priority = entry.Priority };
}
