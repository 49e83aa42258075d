namespace Notifications.Grains;

/// <summary>What starts a run: an event, for one user, through one workflow version.</summary>
/// <param name="RequestHash">The event as it was reported, so that a repeat under the same idempotency key is recognised.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WorkflowRunStart")]
public sealed record WorkflowRunStart(WorkflowEvent Event, WorkflowDefinition Workflow, string UserId, string RequestHash);
