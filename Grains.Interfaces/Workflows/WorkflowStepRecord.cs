namespace Notifications.Grains;

/// <summary>What a run did at one step.</summary>
/// <param name="Outcome">What happened, in words: "sent", "waited 5 min", "condition held: went to done", ...</param>
/// <param name="NotificationId">Send: the notification it made.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WorkflowStepRecord")]
public sealed record WorkflowStepRecord(
    string StepId,
    WorkflowStepKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Outcome,
    string? NotificationId = null);
