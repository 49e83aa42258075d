namespace Notifications.Silo;

/// <summary>The original design's send body.</summary>
public sealed record LegacySendRequest(string? UserId, string? Message, string? Priority, string? Language, string? DeviceId);
