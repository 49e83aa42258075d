using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// Drives one notification from Accepted to a terminal status. Every transition is persisted; a durable reminder
/// stays registered until the notification is finished, so that a crash at any point resumes delivery.
/// </summary>
[CollectionAgeLimit(2)]
public sealed partial class NotificationGrain(
    [PersistentState("notification")] IPersistentState<NotificationGrainState> notification,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<NotificationGrain> logger) : Grain, INotificationGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    private NotificationGrainState State => notification.State;

    public async Task<AcceptResult> AcceptAsync(NotificationRequest request, string requestHash)
    {
        if (notification.RecordExists)
        {
            var same = State.RequestHash == requestHash && State.Request!.Tenant == request.Tenant;
            return new AcceptResult(same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        State.Request = request;
        State.RequestHash = requestHash;
        State.AcceptedAt = time.GetUtcNow();
        Transition(NotificationStatus.Accepted);

        // Both writes join the same group commit; "accepted" is answered only once both are durable.
        var interval = options.Value.ResumeCheckInterval;
        await Task.WhenAll(notification.WriteStateAsync(), RegisterOrUpdateReminder(ResumeReminder, interval, interval));
        _ = GrainFactory.GetGrain<INotificationGrain>(GetPrimaryKeyString()).ContinueDeliveryAsync();
        return new AcceptResult(AcceptOutcome.Accepted, Snapshot());
    }

    public Task<NotificationSnapshot?> GetAsync(string tenant)
    {
        if (!BelongsTo(tenant))
        {
            DeactivateOnIdle();
            return Task.FromResult<NotificationSnapshot?>(null);
        }

        return Task.FromResult<NotificationSnapshot?>(Snapshot());
    }

    public async Task<(CancelOutcome Outcome, NotificationSnapshot? Notification)> CancelAsync(string tenant)
    {
        if (!BelongsTo(tenant))
        {
            return (CancelOutcome.NotFound, null);
        }

        // Once a send may have reached a provider, it cannot be called back.
        if (State.Status.IsTerminal() || State.Status is NotificationStatus.Sending or NotificationStatus.Sent)
        {
            return (CancelOutcome.TooLate, Snapshot());
        }

        await FinishAsync(NotificationStatus.Cancelled, channel: null, "Cancelled by the sender.");
        return (CancelOutcome.Cancelled, Snapshot());
    }

    public async Task<bool> TrackEngagementAsync(string tenant, string userId, EngagementAction action)
    {
        if (!BelongsTo(tenant) || State.Request!.UserId != userId)
        {
            return false;
        }

        if (State.Engagements.All(e => e.Action != action))
        {
            State.Engagements.Add(new EngagementRecord(action, time.GetUtcNow()));
            await notification.WriteStateAsync();
        }

        return true;
    }

    public Task ContinueDeliveryAsync() => DeliverAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => DeliverAsync();

    private bool BelongsTo(string tenant) => notification.RecordExists && State.Request!.Tenant == tenant;

    private async Task DeliverAsync()
    {
        if (!notification.RecordExists || State.Status.IsTerminal() || State.Status == NotificationStatus.Sent)
        {
            await UnregisterResumeReminderAsync();
            DeactivateOnIdle();
            return;
        }

        if (State.NextAttemptAt is { } next && next > time.GetUtcNow())
        {
            return;
        }

        var request = State.Request!;
        Transition(NotificationStatus.Routing);
        RoutingDecision decision;
        try
        {
            decision = await GrainFactory.GetGrain<IUserGrain>(UserKey.For(request.Tenant, request.UserId)).RouteAsync(request.Category, request.Channel);
        }
        catch (Exception exception)
        {
            await ScheduleRetryAsync(channel: null, new DeliveryResult(DeliveryOutcome.Transient, $"Routing failed: {exception.Message}"));
            return;
        }

        if (decision.SuppressedBecause is { } because)
        {
            await FinishAsync(NotificationStatus.Suppressed, channel: null, because);
            return;
        }

        var channel = decision.Channels[0];
        State.Attempts++;
        State.NextAttemptAt = null;
        // At least once: Routing and Sending are persisted with the outcome. A crash before that leaves the
        // notification Accepted (or Scheduled), and the resume reminder sends it again, which this mode allows.
        Transition(NotificationStatus.Sending, channel);

        DeliveryResult result;
        try
        {
            var delivery = new Delivery(GetPrimaryKeyString(), request, State.Attempts, decision.Language ?? request.Language, decision.Webhook, State.AcceptedAt);
            result = await GrainFactory.GetGrain<IChannelGrain>(ChannelGrainId.For(channel)).DeliverAsync(delivery);
        }
        catch (Exception exception)
        {
            result = new DeliveryResult(DeliveryOutcome.Transient, $"The {channel} channel failed: {exception.Message}");
        }

        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                Transition(NotificationStatus.Sent, channel);
                State.DeliveredAt = time.GetUtcNow();
                await FinishAsync(NotificationStatus.Delivered, channel, reason: null);
                break;
            case DeliveryOutcome.Sent:
                await FinishAsync(NotificationStatus.Sent, channel, reason: null);
                break;
            case DeliveryOutcome.Transient or DeliveryOutcome.RateLimited when State.Attempts < options.Value.MaxAttempts:
                await ScheduleRetryAsync(channel, result);
                break;
            case DeliveryOutcome.Transient or DeliveryOutcome.RateLimited:
                await FinishAsync(NotificationStatus.Failed, channel, $"Gave up after {State.Attempts} attempts. {result.Reason}");
                break;
            default:
                if (result.Outcome == DeliveryOutcome.PermanentRecipient && channel == ChannelNames.Webhook && decision.Webhook is { } endpoint)
                {
                    await GrainFactory.GetGrain<IUserGrain>(UserKey.For(request.Tenant, request.UserId)).DisableWebhookAsync(endpoint.Url, result.Reason ?? "The endpoint refused permanently.");
                }

                await FinishAsync(NotificationStatus.Failed, channel, result.Reason);
                break;
        }
    }

    private async Task ScheduleRetryAsync(string? channel, DeliveryResult result)
    {
        var delivery = options.Value;
        var delay = RetryBackoff.Delay(State.Attempts, delivery.RetryBaseDelay, delivery.RetryMaxDelay, result.RetryAfter, Random.Shared);
        State.NextAttemptAt = time.GetUtcNow() + delay;
        Transition(NotificationStatus.Scheduled, channel, $"Retry in {delay.TotalSeconds:0.###} s. {result.Reason}");
        LogRetry(logger, GetPrimaryKeyString(), State.Attempts, delay, result.Reason);
        await Task.WhenAll(notification.WriteStateAsync(), RegisterOrUpdateReminder(ResumeReminder, delay, delivery.ResumeCheckInterval));
    }

    private async Task FinishAsync(NotificationStatus status, string? channel, string? reason)
    {
        State.NextAttemptAt = null;
        Transition(status, channel, reason);
        await Task.WhenAll(notification.WriteStateAsync(), UnregisterResumeReminderAsync());
        DeactivateOnIdle();
    }

    private async Task UnregisterResumeReminderAsync()
    {
        if (await GetReminder(ResumeReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    private void Transition(NotificationStatus status, string? channel = null, string? reason = null)
    {
        State.Status = status;
        State.History.Add(new NotificationTransition(status, time.GetUtcNow(), channel, State.Attempts, reason));
    }

    private NotificationSnapshot Snapshot() => new(
        GetPrimaryKeyString(),
        State.Request!,
        State.Status,
        State.AcceptedAt,
        State.DeliveredAt,
        State.Attempts,
        State.History.ToArray(),
        State.Engagements.ToArray());

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Notification {NotificationId} attempt {Attempt} will be retried in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string notificationId, int attempt, TimeSpan delay, string? reason);
}
