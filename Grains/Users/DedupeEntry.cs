namespace Notifications.Grains;

/// <summary>The notification that holds a dedupe key until <paramref name="ExpiresAt"/>.</summary>
[GenerateSerializer, Alias("Notifications.Grains.DedupeEntry")]
public sealed record DedupeEntry(string NotificationId, DateTimeOffset ExpiresAt);
