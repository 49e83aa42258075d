namespace Notifications.Client;

/// <summary>An event about a topic's subscribers: its runs are started a page of up to 1,000 subscribers at a time.</summary>
public sealed record EventFanOutInfo(string EventId, string Topic, FanOutState Status, int Pages, int PagesDone, long RunsStarted, DateTimeOffset AcceptedAt, DateTimeOffset? CompletedAt);
