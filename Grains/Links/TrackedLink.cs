namespace Notifications.Grains;

/// <summary>What a verified tracking link names: whose notification, and for a click where it goes.</summary>
public readonly record struct TrackedLink(string Tenant, string UserId, string NotificationId, string? Target);
