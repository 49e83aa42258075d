using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>One path and method of the OpenAPI document, with what it takes and what it may answer.</summary>
public sealed record ApiOperation(string Method, string PathTemplate, IReadOnlyList<ApiParameter> Parameters, JsonNode? RequestSchema, JsonObject Responses)
{
    public string Name => $"{Method} {PathTemplate}";

    /// <summary>Server-sent events: the answer never ends, so only its start is checked.</summary>
    public bool IsEventStream =>
        PathTemplate.EndsWith("/stream", StringComparison.Ordinal)
        || Responses.Any(r => r.Value?["content"]?["text/event-stream"] is not null);

    /// <summary>Whether the operation ends a resource: run after the rest, so that the others meet real ones.</summary>
    public bool IsDestructive => Method == "DELETE";
}
