namespace Notifications.Grains;

public sealed class DigestGrain(
    [PersistentState("digest")] IPersistentState<DigestGrainState> digest,
    TimeProvider time) : Grain, IDigestGrain
{
    /// <summary>The members of an open digest remembered by id: past them, a run joining again after a crash may count twice.</summary>
    public const int MembersKept = 1_000;

    /// <summary>Closed digests whose members are remembered, for the runs that may ask again after a crash.</summary>
    private const int ClosedKept = 20;

    private DigestGrainState State => digest.State;

    public async Task<DigestAnswer> JoinAsync(DigestJoin join)
    {
        var now = time.GetUtcNow();
        if (State.Members.Contains(join.RunId))
        {
            if (State.Leader != join.RunId && State.SendAt <= now)
            {
                // Joined again after a crash: the leader may never have heard that the digest is due.
                await GrainFactory.GetGrain<IWorkflowRunGrain>(State.Leader!).WakeAsync();
            }

            return new DigestAnswer(State.Leader!, State.SendAt);
        }

        if (State.ClosedMembers.TryGetValue(join.RunId, out var closedLeader))
        {
            return new DigestAnswer(closedLeader, DateTimeOffset.MinValue);
        }

        var opens = State.Leader is null;
        if (opens)
        {
            State.Leader = join.RunId;
            State.SendAt = now + join.Window;
            State.Entries.Clear();
            State.Count = 0;
            State.Members.Clear();
            State.Critical = false;
        }

        if (State.Members.Count < MembersKept)
        {
            State.Members.Add(join.RunId);
        }

        if (State.Entries.Count < DigestContents.MaxKept)
        {
            State.Entries.Add(new DigestEntry(join.RunId, join.ReceivedAt, join.Payload));
        }

        State.Count++;
        State.Critical |= join.Critical;
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
        : State.ClosedOrder.Contains(leaderRunId) ? DateTimeOffset.MinValue
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

        // In the order the events happened, which is not always the order their runs reached the digest.
        var contents = new DigestContents([.. State.Entries.OrderBy(e => e.ReceivedAt).Select(e => e.Payload)], State.Count, State.Critical);
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

        ClearOpen();
        await digest.WriteStateAsync();
        return contents;
    }

    public async Task AcknowledgeAsync(string leaderRunId)
    {
        if (State.Closed.Remove(leaderRunId))
        {
            await digest.WriteStateAsync();
        }
    }

    public async Task<string?> HandOverAsync(string leaderRunId)
    {
        if (State.Leader != leaderRunId)
        {
            return State.HandedOverBy == leaderRunId ? State.HandedOverTo : null;
        }

        State.Members.Remove(leaderRunId);
        var own = State.Entries.FindIndex(e => e.RunId == leaderRunId);
        if (own >= 0)
        {
            State.Entries.RemoveAt(own);
        }

        State.Count--;
        var next = State.Entries.OrderBy(e => e.ReceivedAt).Select(e => e.RunId).FirstOrDefault() ?? State.Members.FirstOrDefault();
        if (next is null || State.Count <= 0)
        {
            ClearOpen();
            next = null;
        }
        else
        {
            State.Leader = next;
        }

        State.HandedOverBy = leaderRunId;
        State.HandedOverTo = next;

        await digest.WriteStateAsync();
        return State.HandedOverTo;
    }

    public Task ClearAsync() => digest.ClearStateAsync();

    private void ClearOpen()
    {
        State.Leader = null;
        State.Entries.Clear();
        State.Count = 0;
        State.Members.Clear();
        State.Critical = false;
    }
}
