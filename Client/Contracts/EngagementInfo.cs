namespace Notifications.Client;

public sealed record EngagementInfo(Engagement Action, DateTimeOffset At);
