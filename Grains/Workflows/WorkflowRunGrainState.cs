namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.WorkflowRunGrainState")]
public sealed class WorkflowRunGrainState
{
    [Id(0)]
    public WorkflowRunStart? Start { get; set; }

    [Id(1)]
    public WorkflowRunStatus Status { get; set; }

    /// <summary>The index of the step the run is at.</summary>
    [Id(2)]
    public int Next { get; set; }

    [Id(3)]
    public DateTimeOffset StartedAt { get; set; }

    [Id(4)]
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>While waiting: when the wait ends at the latest.</summary>
    [Id(5)]
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>The steps done, and the one being done last (without its finish time).</summary>
    [Id(6)]
    public List<WorkflowStepRecord> Records { get; set; } = [];

    /// <summary>At a digest step: the run's event has gone into it, and this run sends it.</summary>
    [Id(7)]
    public bool LeadsDigest { get; set; }

    /// <summary>What the digest the run went through gathered, for the steps after it.</summary>
    [Id(8)]
    public DigestContents? Digest { get; set; }

    [Id(9)]
    public string? DigestedInto { get; set; }

    [Id(10)]
    public string? Reason { get; set; }

    /// <summary>Cancelled, with what a cancel does (hand a digest on, cancel the sends) not yet all done.</summary>
    [Id(11)]
    public bool Cancelling { get; set; }
}
