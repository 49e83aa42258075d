namespace Notifications.Grains;

/// <summary>A sealed segment of a part of the event log: its number, and the times of its first and last events.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventSegmentInfo")]
public sealed record EventSegmentInfo(long Number, DateTimeOffset FirstAt, DateTimeOffset LastAt);
