namespace Notifications.Client;

/// <summary>One notification as the message log lists it; <c>GET /v1/notifications/{id}</c> has its whole history.</summary>
/// <param name="Topic">The topic whose send it is part of, and <paramref name="SendId"/> that send (or an audience send).</param>
/// <param name="UpdatedAt">When its latest step happened.</param>
public sealed record NotificationSummary(
    string Id,
    string? UserId,
    NotificationState Status,
    string? Channel,
    string? Category,
    NotificationPriority Priority,
    string? Provider,
    string? Topic,
    string? SendId,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt);
