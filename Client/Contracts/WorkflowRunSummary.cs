namespace Notifications.Client;

public sealed record WorkflowRunSummary(string Id, string WorkflowId, int WorkflowVersion, string UserId, WorkflowRunState Status);
