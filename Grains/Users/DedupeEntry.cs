namespace Notifications.Grains;

/// <summary>The notification that holds a dedupe key until <paramref name="ExpiresAt"/>.</summary>
public sealed record DedupeEntry(string NotificationId, DateTimeOffset ExpiresAt);
