namespace Notifications.Grains;

/// <summary>An event about every subscriber of a topic: a run of each workflow for each of them, a page of subscribers at a time.</summary>
/// <param name="Pages">How many of the topic's pages to walk.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventFanOutStart")]
public sealed record EventFanOutStart(WorkflowEvent Event, string TopicId, IReadOnlyList<WorkflowDefinition> Workflows, int Pages, string RequestHash);
