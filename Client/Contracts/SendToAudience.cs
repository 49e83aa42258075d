namespace Notifications.Client;

/// <summary>A notification for every user whose attributes match <paramref name="Filter"/> when the scan reaches them.</summary>
/// <param name="Filter">Over user attributes, such as <c>country == "DE" and plan in ["pro", "team"]</c>.</param>
public sealed record SendToAudience(string? Filter, FanOutNotification? Notification);
