namespace Notifications.Client;

public sealed record TrackEngagement(string UserId, Engagement Action);
