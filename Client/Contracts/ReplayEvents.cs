namespace Notifications.Client;

/// <summary>Sends an endpoint again every event it wants that was logged since <paramref name="Since"/> (kept for seven days by default).</summary>
public sealed record ReplayEvents(DateTimeOffset Since);
