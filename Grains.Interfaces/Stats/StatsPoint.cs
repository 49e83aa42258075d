namespace Notifications.Grains;

/// <summary>One second of the recent past, for charts.</summary>
/// <param name="FailedByProvider">Failures (failed, dead-lettered, bounced) by provider, or by channel where no provider took it.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.StatsPoint")]
public sealed record StatsPoint(DateTimeOffset At, long Accepted, long Sent, long Delivered, long Failed, double? AcceptToSentP95Ms, IReadOnlyDictionary<string, long> FailedByProvider);
