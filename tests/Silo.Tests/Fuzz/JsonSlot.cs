using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>A place in a JSON tree where a value sits, with how to read, replace or remove it: what a mutation changes.</summary>
public sealed record JsonSlot(string Path, Func<JsonNode?> Get, Action<JsonNode?> Set, Action Remove);
