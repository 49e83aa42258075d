using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Runtime;

namespace Notifications.Grains;

[CollectionAgeLimit(2)]
public sealed partial class AudienceSendGrain(
    [PersistentState("audience-send")] IPersistentState<AudienceSendGrainState> send,
    DeliveryLanes lanes,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<AudienceSendGrain> logger) : PagedJobGrain("fan-out", options, logger), IAudienceSendGrain
{
    private AudienceSendGrainState State => send.State;

    protected override bool IsRunning => send.RecordExists && State.Status == FanOutStatus.FanningOut;

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
        await StartAsync(send.WriteStateAsync());
        return new AudienceSendResult(AcceptOutcome.Accepted, Snapshot());
    }

    public Task<AudienceSendSnapshot?> GetAsync(string tenant) =>
        Task.FromResult(send.RecordExists && State.Tenant == tenant ? Snapshot() : null);

    protected override async Task<bool> RunNextPageAsync(CancellationToken cancellationToken)
    {
        var start = State.Start!;
        var sendId = GetPrimaryKeyString();
        var page = await GrainFactory.GetGrain<IAudienceScanGrain>("").ScanAsync(State.Tenant, start.Filter, State.LastKey);
        var accepted = await FanOutPage.AcceptAsync(GrainFactory, lanes, sendId, page.Matched
            .Select(userId => (AudienceNotificationId.For(sendId, userId), start.Request with { UserId = userId, FanOutId = sendId }))
            .ToArray(), cancellationToken);
        State.Scanned += page.Scanned;
        State.Notifications += accepted;
        State.Skipped += page.Matched.Count - accepted;
        State.LastKey = page.LastKey;
        var last = page.LastKey is null;
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
        GetPrimaryKeyString(), State.Start!.Filter, State.Status, State.Scanned, State.Notifications, State.Skipped, State.Start.Request, State.AcceptedAt, State.CompletedAt);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Information, Message = "Send {SendId} to an audience done: {Scanned} users read, {Notifications} notifications")]
    private static partial void LogCompleted(ILogger logger, string sendId, long scanned, long notifications);
}
