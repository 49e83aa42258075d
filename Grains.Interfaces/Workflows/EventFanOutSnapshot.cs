namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventFanOutSnapshot")]
public sealed record EventFanOutSnapshot(string EventId, string TopicId, FanOutStatus Status, int Pages, int PagesDone, long RunsStarted, DateTimeOffset AcceptedAt, DateTimeOffset? CompletedAt);
