namespace Notifications.Client;

/// <summary>A new version of a workflow.</summary>
/// <param name="Events">The event names (<c>comment.added</c>) that start a run of it.</param>
/// <param name="Steps">Done in order; a branch jumps only forward.</param>
public sealed record PublishWorkflow(IReadOnlyList<string> Events, IReadOnlyList<WorkflowStepInfo> Steps, string? Name = null);
