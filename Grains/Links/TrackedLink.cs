namespace Notifications.Grains;

/// <summary>What a tracking link names: whose notification, for a click where it goes, and whether it still counts.</summary>
/// <param name="Current">Within the link's lifetime: an engagement through it is recorded.</param>
public readonly record struct TrackedLink(string Tenant, string UserId, string NotificationId, string? Target, bool Current);
