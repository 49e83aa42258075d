using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Runtime;

namespace Notifications.Grains;

[CollectionAgeLimit(2)]
public sealed partial class TopicSendGrain(
    [PersistentState("topic-send")] IPersistentState<TopicSendGrainState> send,
    DeliveryLanes lanes,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<TopicSendGrain> logger) : Grain, ITopicSendGrain, IRemindable
{
    private const string ResumeReminder = "fan-out";

    /// <summary>Subscribers of a page whose notifications are being accepted at once.</summary>
    private const int ParallelAccepts = 64;

    private IGrainTimer? _fanOut;

    private TopicSendGrainState State => send.State;

    public async Task<TopicSendResult> StartAsync(string tenant, TopicSendStart start)
    {
        if (send.RecordExists)
        {
            var same = State.Tenant == tenant && State.Start!.RequestHash == start.RequestHash && State.Start.TopicId == start.TopicId;
            return new TopicSendResult(same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        var now = time.GetUtcNow();
        State.Tenant = tenant;
        State.Start = start;
        State.AcceptedAt = now;
        if (start.Pages == 0)
        {
            State.Status = TopicSendStatus.Completed;
            State.CompletedAt = now;
            await send.WriteStateAsync();
            return new TopicSendResult(AcceptOutcome.Accepted, Snapshot());
        }

        // The reminder is what resumes the fan-out after a crash: it is durable with the send itself.
        var interval = options.Value.ResumeCheckInterval;
        await Task.WhenAll(send.WriteStateAsync(), RegisterOrUpdateReminder(ResumeReminder, interval, interval));
        StartFanOut();
        return new TopicSendResult(AcceptOutcome.Accepted, Snapshot());
    }

    public Task<TopicSendSnapshot?> GetAsync(string tenant) =>
        Task.FromResult(send.RecordExists && State.Tenant == tenant ? Snapshot() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!send.RecordExists || State.Status == TopicSendStatus.Completed)
        {
            await UnregisterResumeReminderAsync();
            return;
        }

        StartFanOut();
    }

    /// <summary>
    /// A page a tick: between pages the send answers reads and its reminder, and a crash loses at most the page in
    /// progress. The ticks keep the activation alive until the last page is done.
    /// </summary>
    private void StartFanOut() =>
        _fanOut ??= RegisterGrainTimer(FanOutPageAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(1)) { KeepAlive = true });

    private async Task FanOutPageAsync(CancellationToken cancellationToken)
    {
        var start = State.Start!;
        if (State.Status == TopicSendStatus.Completed)
        {
            StopFanOut();
            return;
        }

        try
        {
            var subscribers = await GrainFactory.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For(State.Tenant, start.TopicId), State.NextPage)).GetAsync();
            // Made only as fast as they are delivered, so a million subscribers never wait in memory at once.
            await lanes.WaitForBacklogAsync(Timeout.InfiniteTimeSpan, cancellationToken);
            long accepted = 0;
            await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = ParallelAccepts, CancellationToken = cancellationToken }, async (subscriber, _) =>
            {
                var result = await GrainFactory.GetGrain<INotificationGrain>(TopicNotificationId.For(GetPrimaryKeyString(), State.NextPage, subscriber.UserId))
                    .AcceptAsync(RequestFor(GetPrimaryKeyString(), start, subscriber), GetPrimaryKeyString());
                if (result.Outcome == AcceptOutcome.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            });

            State.Notifications += accepted;
            State.Skipped += subscribers.Count - accepted;
            State.NextPage++;
            if (State.NextPage < start.Pages)
            {
                await send.WriteStateAsync();
                return;
            }

            State.Status = TopicSendStatus.Completed;
            State.CompletedAt = time.GetUtcNow();
            await Task.WhenAll(send.WriteStateAsync(), UnregisterResumeReminderAsync());
            StopFanOut();
            LogCompleted(logger, GetPrimaryKeyString(), start.TopicId, State.Notifications, State.Skipped);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What is in memory may be ahead of storage: the reminder resumes from the last page stored.
            LogFanOutFailed(logger, exception, GetPrimaryKeyString(), State.NextPage);
            StopFanOut();
            DeactivateOnIdle();
        }
    }

    private void StopFanOut()
    {
        _fanOut?.Dispose();
        _fanOut = null;
    }

    /// <summary>The most specific word wins: the send's channel, then the subscriber's, then the topic's.</summary>
    private static NotificationRequest RequestFor(string sendId, TopicSendStart start, TopicSubscription subscriber)
    {
        var request = start.Request;
        var channel = request.Channel ?? (request.Channels is null ? subscriber.Channel ?? start.ServiceType : null);
        var priority = subscriber.Priority is { } raised && raised < request.Priority ? raised : request.Priority;
        return request with { UserId = subscriber.UserId, Channel = channel, Priority = priority, TopicSendId = sendId };
    }

    private async Task UnregisterResumeReminderAsync()
    {
        if (await GetReminder(ResumeReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    private TopicSendSnapshot Snapshot()
    {
        var start = State.Start!;
        return new TopicSendSnapshot(GetPrimaryKeyString(), start.TopicId, State.Status, start.Pages, State.NextPage, State.Notifications, State.Skipped,
            start.Request, State.AcceptedAt, State.CompletedAt);
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Send {SendId} to topic {TopicId} fanned out: {Notifications} notifications, {Skipped} made before")]
    private static partial void LogCompleted(ILogger logger, string sendId, string topicId, long notifications, long skipped);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Fan-out of send {SendId} stopped at page {Page}; its reminder will resume it")]
    private static partial void LogFanOutFailed(ILogger logger, Exception exception, string sendId, int page);
}
