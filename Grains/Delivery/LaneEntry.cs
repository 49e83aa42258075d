namespace Notifications.Grains;

/// <summary>A notification's next step, or a slot someone waits for, and the tenant it is for.</summary>
internal readonly record struct LaneEntry(string Tenant, string? NotificationId, TaskCompletionSource? Slot);
