using System.Text.Json;

namespace Notifications.Client;

/// <summary>A run walked without sending or waiting: what each step would do for a user and payload.</summary>
/// <param name="Assume">What became of earlier sends, by step id, for the branches that ask: <c>delivered</c>,
/// <c>opened</c>, <c>clicked</c> or <c>failed</c>; a send not named was delivered and not opened.</param>
/// <param name="Version">The workflow version; the latest when left out.</param>
public sealed record WorkflowDryRun(string UserId, JsonElement? Payload = null, IReadOnlyDictionary<string, string>? Assume = null, int? Version = null);
