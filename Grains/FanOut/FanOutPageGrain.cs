
namespace Notifications.Grains;

/// <summary>
/// Delivers one page of a send to many users without a notification grain per recipient: each recipient is routed by
/// their user grain and handed to the channel under a slot of the delivery lanes, and what became of all of them is
/// stored in one write. The page is the recipients' durable record until then: it is stored as started before the
/// first call, so a crash makes the page again the slow way, as one notification grain per recipient, each resending
/// under its same id for the receiver to dedupe. At-most-once and exactly-once sends take that way from the start.
/// A recipient that has to wait (a retry, quiet hours, a fallback channel) gets a notification grain of their own.
/// </summary>
[GrainType(FanOutPageGrain.GrainTypeName)]
[CollectionAgeLimit(Minutes = 1)]
public sealed class FanOutPageGrain(
    [PersistentState(FanOutPageGrainState.Name)] IPersistentState<FanOutPageGrainState> page,
    DeliveryLanes lanes,
    MessageContents contents,
    DeliveryTelemetry telemetry,
    TimeProvider time) : Grain, IFanOutPageGrain
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "fanoutpage";

    /// <summary>Recipients of a page waiting for or holding a lane slot at once; the lanes decide how many run.</summary>
    private const int ParallelRecipients = 128;

    private FanOutPageGrainState State => page.State;

    public async Task<FanOutPageResult> DeliverAsync(FanOutPageWork work)
    {
        if (State.Completed)
        {
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
            var accepted = await AcceptEachAsync(work);
            return await CompleteAsync([], accepted, work.Recipients.Count - accepted);
        }

        State.Started = true;
        await page.WriteStateAsync();
        var entries = new FanOutPageEntry?[work.Recipients.Count];
        await Concurrently.ForEachAsync(work.Recipients, ParallelRecipients, async (recipient, i) =>
            entries[i] = await DeliverToAsync(recipient, work.RequestHash));
        var finished = entries.OfType<FanOutPageEntry>().ToList();
        return await CompleteAsync(finished, work.Recipients.Count, 0);
    }

    public Task<FanOutRecord?> FindAsync(string notificationId)
    {
        if (!State.Completed || State.Entries.Find(e => e.NotificationId == notificationId) is not { } entry)
        {
            return Task.FromResult<FanOutRecord?>(null);
        }

        return Task.FromResult<FanOutRecord?>(new FanOutRecord(entry.NotificationId, RequestOf(entry), State.RequestHash!, entry.Status, State.AcceptedAt,
            entry.DeliveredAt, entry.Attempts, entry.Provider, entry.ProviderMessageId, entry.History(State.AcceptedAt)));
    }

    public async Task ForgetAsync(string notificationId)
    {
        if (State.Entries.RemoveAll(e => e.NotificationId == notificationId) > 0)
        {
            await page.WriteStateAsync();
        }
    }

    public async Task EnsureRecordedAsync()
    {
        DeactivateOnIdle();
        if (State.Completed)
        {
            await RecordForRecipientsAsync(State.Entries);
        }
    }

    private Task RecordForRecipientsAsync(List<FanOutPageEntry> entries)
    {
        var record = new UserRecord(UserRecordKind.FanOutPage, this.GetPrimaryKeyString());
        return Concurrently.ForEachAsync(entries.Select(e => e.UserId).Distinct(StringComparer.Ordinal).ToArray(), ParallelRecipients, (userId, _) =>
            GrainFactory.GetGrain<IUserRecordsGrain>(UserKey.For(State.Request!.Tenant, userId)).AddAsync(record, bulk: true));
    }

    public Task<IReadOnlyList<string>> NotificationsOfAsync(string userId) =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Entries.Where(e => e.UserId == userId).Select(e => e.NotificationId)]);

    /// <summary>
    /// The slow way: a notification grain per recipient under the id made for them, once the lanes have room, so that a
    /// page of them never waits in memory at once; a notification made before is met as a duplicate.
    /// </summary>
    /// <returns>How many were made now, rather than found made already.</returns>
    private async Task<long> AcceptEachAsync(FanOutPageWork work)
    {
        await lanes.WaitForBacklogAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        long accepted = 0;
        await Concurrently.ForEachAsync(work.Recipients, ParallelRecipients, async (recipient, _) =>
        {
            var result = await GrainFactory.GetGrain<INotificationGrain>(recipient.NotificationId).AcceptAsync(RequestOf(recipient), work.RequestHash);
            if (result.Outcome == AcceptOutcome.Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        return accepted;
    }

    private async Task<FanOutPageResult> CompleteAsync(List<FanOutPageEntry> entries, long notifications, long skipped)
    {
        // Among each recipient's records before the page keeps theirs: a crash in between leaves entries that find
        // nothing (the page is made again the slow way, where each notification records itself).
        await RecordForRecipientsAsync(entries);
        State.Entries = entries;
        State.Notifications = notifications;
        State.Skipped = skipped;
        State.Completed = true;
        await page.WriteStateAsync();
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
            telemetry.Record(request.Tenant, new DeliveryEvent(
                recipient.NotificationId, status, Engagement: null, channel, request.Priority, provider, request.Category, request.TemplateId, now, now - acceptedAt));
        }

        Transition(NotificationStatus.Accepted);
        string? channel = null;
        RoutingDecision decision;
        DeliveryResult result;
        using (var slot = await lanes.EnterAsync(request.Priority))
        {
            if (request.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
            {
                Transition(NotificationStatus.Expired, reason: $"It expired at {expiresAt:O} before it could be sent.");
                return Entry(recipient, NotificationStatus.Expired, history, result: null);
            }

            Transition(NotificationStatus.Routing);
            try
            {
                decision = await GrainFactory.GetGrain<IUserGrain>(UserKey.For(request.Tenant, request.UserId)).RouteAsync(new RoutingRequest(
                    recipient.NotificationId, request.Priority, request.Category, request.Channels ?? (request.Channel is null ? null : [request.Channel]),
                    request.SendAtLocal, request.DedupeKey, request.DedupeWindow, Admitted: false, Exhausted: [], request.CategoryPolicy, Bulk: true));
            }
            catch (Exception exception)
            {
                return await HandOverAsync(new FanOutContinuation(request, requestHash, acceptedAt, history, Admitted: false,
                    Result: new DeliveryResult(DeliveryOutcome.Transient, $"Routing failed: {exception.Message}")), recipient.NotificationId);
            }

            if (decision.SuppressedBecause is { } because)
            {
                Transition(NotificationStatus.Suppressed, reason: because);
                return Entry(recipient, NotificationStatus.Suppressed, history, result: null);
            }

            if (decision.DeferredUntil is { } until)
            {
                return await HandOverAsync(new FanOutContinuation(request, requestHash, acceptedAt, history, Admitted: false,
                    DeferredUntil: until, DeferredBecause: decision.DeferredBecause), recipient.NotificationId);
            }

            channel = decision.Channels[0];
            Transition(NotificationStatus.Sending, channel, attempt: 1);
            using var activity = telemetry.StartDelivery(recipient.NotificationId, request, traceParent: null, attempt: 1);
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
                    Channel: channel, Result: result, Channels: decision.Channels), recipient.NotificationId);
        }
    }

    private async Task<FanOutPageEntry?> HandOverAsync(FanOutContinuation continuation, string notificationId)
    {
        await GrainFactory.GetGrain<INotificationGrain>(notificationId).ContinueAsync(continuation);
        return null;
    }

    /// <summary>The entry keeps the times of the steps; <see cref="FanOutPageEntry.History"/> tells them again.</summary>
    private static FanOutPageEntry Entry(FanOutRecipient recipient, NotificationStatus status, List<NotificationTransition> history, DeliveryResult? result)
    {
        var sending = history.Find(t => t.Status == NotificationStatus.Sending);
        var last = sending is null ? history[^1] : history.Find(t => t.Status == NotificationStatus.Sent)!;
        return new(recipient.NotificationId, recipient.UserId, recipient.Channel, recipient.Priority, status,
            RoutedAt: history.Find(t => t.Status == NotificationStatus.Routing)?.At, SendingAt: sending?.At, FinishedAt: history[^1].At,
            SentOn: sending?.Channel, Reason: last.Reason, result?.Provider, result?.ProviderMessageId);
    }

    private NotificationRequest RequestOf(FanOutRecipient recipient) =>
        State.Request! with { UserId = recipient.UserId, Channel = recipient.Channel, Priority = recipient.Priority };

    private NotificationRequest RequestOf(FanOutPageEntry entry) =>
        State.Request! with { UserId = entry.UserId, Channel = entry.Channel, Priority = entry.Priority };
}
