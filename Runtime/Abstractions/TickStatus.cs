namespace Notifications.Runtime;

/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">The period between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot reminder.</param>
/// <param name="CurrentTickTime">When this tick was due.</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
