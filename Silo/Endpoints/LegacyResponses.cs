using Notifications.Client;

namespace Notifications.Silo;

public sealed record LegacySendResponse(string Status, string NotificationId, string Message);

/// <param name="DeliveredAt">In UTC, written with a <c>Z</c> as in the original design's example.</param>
public sealed record LegacyStatusResponse(
    string NotificationId,
    NotificationState Status,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(UtcInstantJsonConverter))] DateTimeOffset? DeliveredAt);

public sealed record LegacySuccess(string Status, string Message);

public sealed record LegacyEngagementRequest(string? NotificationId, string? UserId, string? Action);
