namespace Notifications.Grains;

/// <summary>What an unsubscribe link names: whose, which category (every email when null), and the notification it came in.</summary>
public readonly record struct UnsubscribeLink(string Tenant, string UserId, string? Category, string? NotificationId);
