namespace Notifications.Grains;

/// <summary>How an endpoint's events are getting through (one part of its events, or all of them summed).</summary>
/// <param name="Pending">Events logged that the endpoint has not been sent yet.</param>
/// <param name="Retrying">Events that failed and wait for their next attempt, with the later events of their notifications behind them.</param>
/// <param name="GivenUp">Events whose every attempt failed.</param>
/// <param name="FailingSince">When the current run of failures began; null while events go through.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventDeliveryStatus")]
public sealed record EventDeliveryStatus(
    long Delivered,
    long Pending,
    long Retrying,
    long GivenUp,
    DateTimeOffset? LastDeliveredAt,
    DateTimeOffset? FailingSince,
    string? LastError)
{
    public static EventDeliveryStatus Sum(IEnumerable<EventDeliveryStatus> parts) => parts.Aggregate(
        new EventDeliveryStatus(0, 0, 0, 0, null, null, null),
        (all, part) => new EventDeliveryStatus(
            all.Delivered + part.Delivered,
            all.Pending + part.Pending,
            all.Retrying + part.Retrying,
            all.GivenUp + part.GivenUp,
            Max(all.LastDeliveredAt, part.LastDeliveredAt),
            Min(all.FailingSince, part.FailingSince),
            all.LastError ?? part.LastError));

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
