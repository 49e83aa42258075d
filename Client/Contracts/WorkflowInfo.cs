namespace Notifications.Client;

public sealed record WorkflowInfo(string Id, int Version, string? Name, IReadOnlyList<string> Events, IReadOnlyList<WorkflowStepInfo> Steps, DateTimeOffset PublishedAt);
