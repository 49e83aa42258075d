using System.Text.Json;

namespace Notifications.Grains;

/// <summary>What an application reported: the event a run was started for.</summary>
/// <param name="Payload">A JSON object, what the workflow's templates and conditions read as <c>payload</c>.</param>
/// <param name="Priority">Critical skips a digest's window; a send step without a priority of its own sends at this one.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WorkflowEvent")]
public sealed record WorkflowEvent(
    string Tenant,
    string EventId,
    string Name,
    JsonElement Payload,
    Priority Priority,
    DateTimeOffset ReceivedAt);
