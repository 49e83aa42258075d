using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

[CollectionAgeLimit(Minutes = 2)]
public sealed partial class AudienceSendGrain(
    [PersistentState("audience-send")] IPersistentState<AudienceSendGrainState> send,
    IOptions<DeliveryOptions> options,
    RetentionJournal retention,
    TimeProvider time,
    ILogger<AudienceSendGrain> logger) : PagedJobGrain("fan-out", options, logger), IAudienceSendGrain
{
    private AudienceSendGrainState State => send.State;

    protected override bool IsRunning => send.RecordExists && State.Status == FanOutStatus.FanningOut;

    protected override TimeSpan UntilStart => State.Start?.Request.SendAt - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    public async Task<AudienceSendResult> StartAsync(string tenant, AudienceSendStart start)
    {
        if (send.RecordExists)
        {
            var same = State.Tenant == tenant && State.Start!.RequestHash == start.RequestHash;
            if (same)
            {
                await EnsureRunningAsync();
            }

            return new AudienceSendResult(same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        State.Tenant = tenant;
        State.Start = start;
        State.AcceptedAt = time.GetUtcNow();
        await StartAsync(() => send.WriteStateAsync());
        return new AudienceSendResult(AcceptOutcome.Accepted, Snapshot());
    }

    protected override Task ListForRemovalAsync() =>
        send.RecordExists ? retention.RecordAsync(State.Tenant, RetainedKind.AudienceSend, this.GetPrimaryKeyString()) : Task.CompletedTask;

    public async Task ExpireAsync(DateTimeOffset finishedBefore)
    {
        DeactivateOnIdle();
        if (send.RecordExists && !IsRunning && (State.CompletedAt ?? State.AcceptedAt) <= finishedBefore)
        {
            await send.ClearStateAsync();
        }
    }

    public Task<AudienceSendSnapshot?> GetAsync(string tenant) =>
        Task.FromResult(send.RecordExists && State.Tenant == tenant ? Snapshot() : null);

    public Task<string?> NotificationIdForAsync(string tenant, string userId)
    {
        if (!send.RecordExists || State.Tenant != tenant)
        {
            return Task.FromResult<string?>(null);
        }

        return NotificationIdAsync(tenant, userId);
    }

    private async Task<string?> NotificationIdAsync(string tenant, string userId)
    {
        if (State.PageEnds.Count > 0)
        {
            // A send made while pages followed the user keys in order: the user's page is the first that ends at or after their key.
            var key = UserKey.For(tenant, userId);
            var byKey = State.PageEnds.FindIndex(end => end is null || string.CompareOrdinal(end, key) >= 0);
            return byKey < 0 ? null : FanOutNotificationId.For(this.GetPrimaryKeyString(), byKey, userId);
        }

        // Each page of the send is the page of the directory that listed its users.
        var page = await GrainFactory.GetGrain<IUserGrain>(UserKey.For(tenant, userId)).DirectoryPageAsync();
        return page is { } listed ? FanOutNotificationId.For(this.GetPrimaryKeyString(), listed, userId) : null;
    }

    protected override async Task<bool> RunNextPageAsync(CancellationToken cancellationToken)
    {
        var start = State.Start!;
        var sendId = this.GetPrimaryKeyString();
        var scan = GrainFactory.GetGrain<IAudienceScanGrain>(State.Tenant);
        if (State.Pending is not { } page)
        {
            page = State.Pending = await scan.ScanAsync(State.Tenant, start.Filter, State.NextPage);
            await send.WriteStateAsync();
        }

        var index = page.Page;
        // The next page is read while this one is delivered, and stored with this one's progress before it is delivered.
        var next = page.NextPage is { } nextPage ? scan.ScanAsync(State.Tenant, start.Filter, nextPage) : null;
        if (page.Matched.Count > 0)
        {
            await FanOutLog.RecordAsync(GrainFactory, DirectoryKey.UserPage(State.Tenant, index), FanOutNotificationId.Page(sendId, index));
        }

        var result = page.Matched.Count == 0 ? new FanOutPageResult(0, 0) : await GrainFactory.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(sendId, index))
            .DeliverAsync(new FanOutPageWork(start.Request with { FanOutId = sendId }, sendId,
                [.. page.Matched.Select(userId => new FanOutRecipient(FanOutNotificationId.For(sendId, index, userId), userId, start.Request.Channel, start.Request.Priority))]));
        State.Scanned += page.Scanned;
        State.Notifications += result.Notifications;
        State.Skipped += result.Skipped;
        State.NextPage = page.NextPage ?? page.Page + 1;
        State.Pending = next is null ? null : await next;
        var last = page.NextPage is null;
        if (last)
        {
            State.Status = FanOutStatus.Completed;
            State.CompletedAt = time.GetUtcNow();
        }

        await send.WriteStateAsync();
        if (last)
        {
            LogCompleted(logger, sendId, State.Scanned, State.Notifications);
        }

        return last;
    }

    private AudienceSendSnapshot Snapshot() => new(
        this.GetPrimaryKeyString(), State.Start!.Filter, State.Status, State.Scanned, State.Notifications, State.Skipped, State.Start.Request, State.AcceptedAt, State.CompletedAt);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Information, Message = "Send {SendId} to an audience done: {Scanned} users read, {Notifications} notifications")]
    private static partial void LogCompleted(ILogger logger, string sendId, long scanned, long notifications);
}
