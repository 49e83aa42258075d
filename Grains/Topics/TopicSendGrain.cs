using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TopicSendGrain(
    [PersistentState("topic-send")] IPersistentState<TopicSendGrainState> send,
    IOptions<DeliveryOptions> options,
    RetentionJournal retention,
    TimeProvider time,
    ILogger<TopicSendGrain> logger) : PagedJobGrain("fan-out", options, logger), ITopicSendGrain
{
    private const int PagesAtOnce = 2;

    private TopicSendGrainState State => send.State;

    protected override bool IsRunning => send.RecordExists && State.Status == FanOutStatus.FanningOut;

    protected override TimeSpan UntilStart => State.Start?.Request.SendAt - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    public async Task<TopicSendResult> StartAsync(string tenant, TopicSendStart start)
    {
        if (send.RecordExists)
        {
            var same = State.Tenant == tenant && State.Start!.RequestHash == start.RequestHash && State.Start.TopicId == start.TopicId;
            if (same)
            {
                await EnsureRunningAsync();
            }

            return new TopicSendResult(same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        var now = time.GetUtcNow();
        State.Tenant = tenant;
        State.Start = start;
        State.AcceptedAt = now;
        if (start.Pages == 0)
        {
            State.Status = FanOutStatus.Completed;
            State.CompletedAt = now;
            await send.WriteStateAsync();
        }
        else
        {
            await StartAsync(() => send.WriteStateAsync());
        }

        return new TopicSendResult(AcceptOutcome.Accepted, Snapshot());
    }

    protected override Task ListForRemovalAsync() =>
        send.RecordExists ? retention.RecordAsync(State.Tenant, RetainedKind.TopicSend, this.GetPrimaryKeyString()) : Task.CompletedTask;

    public async Task ExpireAsync(DateTimeOffset finishedBefore)
    {
        DeactivateOnIdle();
        if (send.RecordExists && !IsRunning && (State.CompletedAt ?? State.AcceptedAt) <= finishedBefore)
        {
            await send.ClearStateAsync();
        }
    }

    public Task<TopicSendSnapshot?> GetAsync(string tenant) =>
        Task.FromResult(send.RecordExists && State.Tenant == tenant ? Snapshot() : null);

    protected override async Task<bool> RunNextPageAsync(CancellationToken cancellationToken)
    {
        var start = State.Start!;
        var sendId = this.GetPrimaryKeyString();
        // Pages side by side, so that one page's slowest recipients do not leave the lanes idle before the next starts.
        var pages = Enumerable.Range(State.NextPage, Math.Min(PagesAtOnce, start.Pages - State.NextPage));
        foreach (var result in await Task.WhenAll(pages.Select(page => DeliverPageAsync(sendId, start, page))))
        {
            State.Notifications += result.Notifications;
            State.Skipped += result.Skipped;
            State.NextPage++;
        }

        var last = State.NextPage == start.Pages;
        if (last)
        {
            State.Status = FanOutStatus.Completed;
            State.CompletedAt = time.GetUtcNow();
        }

        await send.WriteStateAsync();
        if (last)
        {
            LogCompleted(logger, sendId, start.TopicId, State.Notifications, State.Skipped);
        }

        return last;
    }

    private async Task<FanOutPageResult> DeliverPageAsync(string sendId, TopicSendStart start, int page)
    {
        var pageKey = TopicKey.Page(TopicKey.For(State.Tenant, start.TopicId), page);
        var (subscribers, cards) = await GrainFactory.GetGrain<ITopicPageGrain>(pageKey).GetForSendAsync();
        if (subscribers.Count == 0)
        {
            // Everyone on it unsubscribed: nothing to deliver, nothing to record.
            return new FanOutPageResult(0, 0);
        }

        await FanOutLog.RecordAsync(GrainFactory, pageKey, FanOutNotificationId.Page(sendId, page));
        var request = start.Request with { FanOutId = sendId, Topic = start.TopicId };
        return await GrainFactory.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(sendId, page)).DeliverAsync(new FanOutPageWork(
            request, sendId, [.. subscribers.Select(s => RecipientFor(sendId, page, start, s, cards.GetValueOrDefault(s.UserId)))]));
    }

    /// <summary>The most specific word wins: the send's channel, then the subscriber's, then the topic's.</summary>
    private static FanOutRecipient RecipientFor(string sendId, int page, TopicSendStart start, TopicSubscription subscriber, RoutingCard? card)
    {
        var request = start.Request;
        var channel = request.Channel ?? (request.Channels is null ? subscriber.Channel ?? start.ServiceType : null);
        var priority = subscriber.Priority is { } raised && raised < request.Priority ? raised : request.Priority;
        return new FanOutRecipient(FanOutNotificationId.For(sendId, page, subscriber.UserId), subscriber.UserId, channel, priority, Card: card);
    }

    private TopicSendSnapshot Snapshot()
    {
        var start = State.Start!;
        return new TopicSendSnapshot(this.GetPrimaryKeyString(), start.TopicId, State.Status, start.Pages, State.NextPage, State.Notifications, State.Skipped,
            start.Request, State.AcceptedAt, State.CompletedAt);
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Send {SendId} to topic {TopicId} fanned out: {Notifications} notifications, {Skipped} made before")]
    private static partial void LogCompleted(ILogger logger, string sendId, string topicId, long notifications, long skipped);
}
