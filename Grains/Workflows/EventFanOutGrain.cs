using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Starts a run of each listening workflow for every subscriber of a topic, a page of subscribers at a time; the page
/// it is at is stored after each, and a page started again after a crash meets the runs it started (their ids are the
/// event's, the workflow's and the user's).
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class EventFanOutGrain(
    [PersistentState("event-fan-out")] IPersistentState<EventFanOutGrainState> fanOut,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<EventFanOutGrain> logger) : PagedJobGrain("event-fan-out", options, logger), IEventFanOutGrain
{
    private EventFanOutGrainState State => fanOut.State;

    protected override bool IsRunning => fanOut.RecordExists && State.CompletedAt is null;

    public async Task<(AcceptOutcome Outcome, EventFanOutSnapshot FanOut)> StartAsync(EventFanOutStart start)
    {
        if (fanOut.RecordExists)
        {
            var same = State.Start!.Event.Tenant == start.Event.Tenant && State.Start.RequestHash == start.RequestHash;
            if (same)
            {
                await EnsureRunningAsync();
            }

            return (same ? AcceptOutcome.Duplicate : AcceptOutcome.Conflict, Snapshot());
        }

        State.Start = start;
        State.AcceptedAt = time.GetUtcNow();
        if (start.Pages == 0)
        {
            State.CompletedAt = State.AcceptedAt;
            await fanOut.WriteStateAsync();
        }
        else
        {
            await StartAsync(() => fanOut.WriteStateAsync());
        }

        return (AcceptOutcome.Accepted, Snapshot());
    }

    public Task<EventFanOutSnapshot?> GetAsync(string tenant) =>
        Task.FromResult(fanOut.RecordExists && State.Start!.Event.Tenant == tenant ? Snapshot() : null);

    protected override async Task<bool> RunNextPageAsync(CancellationToken cancellationToken)
    {
        var start = State.Start!;
        var tenant = start.Event.Tenant;
        var subscribers = await GrainFactory.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For(tenant, start.TopicId), State.NextPage)).GetAsync();
        var started = await Task.WhenAll(start.Workflows.SelectMany(workflow => subscribers.Select(subscriber =>
            GrainFactory.GetGrain<IWorkflowRunGrain>(WorkflowRunIds.ForRun(tenant, start.Event.EventId, workflow.WorkflowId, subscriber.UserId))
                .StartAsync(new WorkflowRunStart(start.Event, workflow, subscriber.UserId, start.RequestHash)))));
        State.RunsStarted += started.Count(s => s.Outcome != AcceptOutcome.Conflict);
        State.NextPage++;
        var last = State.NextPage == start.Pages;
        if (last)
        {
            State.CompletedAt = time.GetUtcNow();
        }

        await fanOut.WriteStateAsync();
        return last;
    }

    /// <summary>What the walk left behind is its runs, which keep their own records.</summary>
    protected override Task ListForRemovalAsync() => Task.CompletedTask;

    private EventFanOutSnapshot Snapshot()
    {
        var start = State.Start!;
        return new EventFanOutSnapshot(start.Event.EventId, start.TopicId, State.CompletedAt is null ? FanOutStatus.FanningOut : FanOutStatus.Completed,
            start.Pages, State.NextPage, State.RunsStarted, State.AcceptedAt, State.CompletedAt);
    }
}
