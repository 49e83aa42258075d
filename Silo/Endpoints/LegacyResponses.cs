using Notifications.Client;

namespace Notifications.Silo;

public sealed record LegacySendResponse(string Status, string NotificationId, string Message);

public sealed record LegacyStatusResponse(string NotificationId, NotificationState Status, DateTimeOffset? DeliveredAt);

public sealed record LegacySuccess(string Status, string Message);

public sealed record LegacyEngagementRequest(string? NotificationId, string? UserId, string? Action);
