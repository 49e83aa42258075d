namespace Notifications.Runtime;

/// <param name="StartAt">When the first tick is due.</param>
/// <param name="Period">Between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot reminder.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, int Partition, DateTimeOffset StartAt, TimeSpan Period);
