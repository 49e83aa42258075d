namespace Notifications.Client;

/// <summary>The runs an event started: one per workflow that listens to it and user it is about, each stored before this answer.</summary>
public sealed record EventAccepted(string EventId, IReadOnlyList<WorkflowRunSummary> Runs);
