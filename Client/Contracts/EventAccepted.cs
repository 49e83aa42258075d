namespace Notifications.Client;

/// <summary>The runs an event started: one per workflow that listens to it and user it is about, each stored before this answer.</summary>
/// <param name="FanOut">An event about a topic: its subscribers' runs are started after this answer, from the event stored before it
/// (<c>GET /v1/events/{event_id}</c> follows it); <paramref name="Runs"/> is empty then.</param>
public sealed record EventAccepted(string EventId, IReadOnlyList<WorkflowRunSummary> Runs, EventFanOutInfo? FanOut = null);
