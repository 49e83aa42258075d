namespace Notifications.Client;

/// <summary>What a run did at one step; a step still being done has no <c>finished_at</c>.</summary>
public sealed record WorkflowStepRun(string StepId, WorkflowStepType Type, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Outcome, string? NotificationId);
