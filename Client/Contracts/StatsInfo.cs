namespace Notifications.Client;

/// <summary>Live statistics of the tenant's notifications.</summary>
/// <param name="Now">The delivery lanes at this moment: the whole silo's, so only for a key with the admin scope.</param>
/// <param name="Series">The last two minutes, a point a second, oldest first.</param>
public sealed record StatsInfo(DateTimeOffset At, StatsNowInfo? Now, StatsWindowInfo LastMinute, StatsWindowInfo LastHour, StatsWindowInfo LastDay, IReadOnlyList<StatsPointInfo> Series);
