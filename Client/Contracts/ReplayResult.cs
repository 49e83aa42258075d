namespace Notifications.Client;

/// <param name="Skipped">Ids that were not dead letters (any more), or not found.</param>
public sealed record ReplayResult(int Replayed, IReadOnlyList<string> Skipped);
