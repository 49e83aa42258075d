using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>A parameter of an operation as the OpenAPI document declares it: in the path, the query or a header.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonNode? Schema);
