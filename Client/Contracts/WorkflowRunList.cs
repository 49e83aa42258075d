namespace Notifications.Client;

/// <summary>The runs an event started for one user, one per workflow that listened to it.</summary>
public sealed record WorkflowRunList(IReadOnlyList<WorkflowRunInfo> Runs);
