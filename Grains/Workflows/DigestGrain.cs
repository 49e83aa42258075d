namespace Notifications.Grains;

public sealed class DigestGrain(
    [PersistentState("digest")] IPersistentState<DigestGrainState> digest,
    TimeProvider time) : Grain, IDigestGrain
{
    /// <summary>Closed digests remembered for the runs that may ask again after a crash.</summary>
    private const int ClosedKept = 20;

    private DigestGrainState State => digest.State;

    public async Task<DigestAnswer> JoinAsync(DigestJoin join)
    {
        var now = time.GetUtcNow();
        if (State.Members.Contains(join.RunId))
        {
            return new DigestAnswer(State.Leader!, State.SendAt);
        }

        if (State.ClosedMembers.TryGetValue(join.RunId, out var closedLeader))
        {
            return new DigestAnswer(closedLeader, now);
        }

        var opens = State.Leader is null;
        if (opens)
        {
            State.Leader = join.RunId;
            State.SendAt = now + join.Window;
            State.Events.Clear();
            State.Count = 0;
            State.Members.Clear();
        }

        State.Members.Add(join.RunId);
        if (State.Events.Count < DigestContents.MaxKept)
        {
            State.Events.Add(join.Payload);
        }

        State.Count++;
        var sendsNow = join.Critical || State.Count >= join.MaxEvents;
        if (sendsNow)
        {
            State.SendAt = now;
        }

        await digest.WriteStateAsync();
        if (sendsNow && !opens)
        {
            await GrainFactory.GetGrain<IWorkflowRunGrain>(State.Leader!).WakeAsync();
        }

        return new DigestAnswer(State.Leader!, State.SendAt);
    }

    public Task<DateTimeOffset?> SendAtAsync(string leaderRunId) => Task.FromResult<DateTimeOffset?>(
        State.Leader == leaderRunId ? State.SendAt
        : State.Closed.ContainsKey(leaderRunId) ? time.GetUtcNow()
        : null);

    public async Task<DigestContents> CloseAsync(string leaderRunId)
    {
        if (State.Closed.TryGetValue(leaderRunId, out var closed))
        {
            return closed;
        }

        if (State.Leader != leaderRunId)
        {
            return new DigestContents([], 0);
        }

        var contents = new DigestContents([.. State.Events], State.Count);
        State.Closed[leaderRunId] = contents;
        State.ClosedOrder.Add(leaderRunId);
        foreach (var member in State.Members)
        {
            State.ClosedMembers[member] = leaderRunId;
        }

        while (State.ClosedOrder.Count > ClosedKept)
        {
            var oldest = State.ClosedOrder[0];
            State.ClosedOrder.RemoveAt(0);
            State.Closed.Remove(oldest);
            foreach (var member in State.ClosedMembers.Where(m => m.Value == oldest).Select(m => m.Key).ToList())
            {
                State.ClosedMembers.Remove(member);
            }
        }

        State.Leader = null;
        State.Events.Clear();
        State.Count = 0;
        State.Members.Clear();
        await digest.WriteStateAsync();
        return contents;
    }
}
