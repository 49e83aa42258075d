namespace Notifications.Grains;

/// <summary>A run as it stands.</summary>
/// <param name="WakeAt">While waiting: when the wait ends at the latest.</param>
/// <param name="CurrentStep">The step it is at; null once finished.</param>
/// <param name="DigestedEvents">How many events the digest it went through held (its own among them).</param>
/// <param name="DigestedInto">Digested: the run that sends its event.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WorkflowRunSnapshot")]
public sealed record WorkflowRunSnapshot(
    string Id,
    string WorkflowId,
    int WorkflowVersion,
    string UserId,
    WorkflowEvent Event,
    WorkflowRunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? WakeAt,
    string? CurrentStep,
    IReadOnlyList<WorkflowStepRecord> Steps,
    int DigestedEvents,
    string? DigestedInto,
    string? Reason);
