using System.Text.Json;

namespace Notifications.Client;

/// <param name="WakeAt">While waiting: when the wait ends at the latest.</param>
/// <param name="CurrentStep">The step it is at; null once it has finished.</param>
/// <param name="DigestedEvents">How many events the digest it sent held (its own among them).</param>
/// <param name="DigestedInto">Digested: the run that sends its event.</param>
public sealed record WorkflowRunInfo(
    string Id,
    string WorkflowId,
    int WorkflowVersion,
    string UserId,
    string EventId,
    string EventName,
    JsonElement Payload,
    WorkflowRunState Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? WakeAt,
    string? CurrentStep,
    IReadOnlyList<WorkflowStepRun> Steps,
    int DigestedEvents,
    string? DigestedInto,
    string? Reason);
