namespace Notifications.Grains;

/// <param name="Series">The last two minutes, a point a second, oldest first.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.StatsSnapshot")]
public sealed record StatsSnapshot(DateTimeOffset At, StatsWindow LastMinute, StatsWindow LastHour, StatsWindow LastDay, IReadOnlyList<StatsPoint> Series);
