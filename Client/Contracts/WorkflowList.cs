namespace Notifications.Client;

/// <summary>The latest version of each of the tenant's workflows.</summary>
public sealed record WorkflowList(IReadOnlyList<WorkflowInfo> Workflows);
