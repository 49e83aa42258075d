namespace Notifications.Client;

/// <summary>The steps a run would take, in order.</summary>
public sealed record WorkflowDryRunResult(string WorkflowId, int Version, IReadOnlyList<WorkflowDryRunStep> Steps);
