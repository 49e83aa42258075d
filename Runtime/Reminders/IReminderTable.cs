namespace Notifications.Runtime;

/// <summary>Durable reminder rows, read by partition so that each silo loads what it owns.</summary>
public interface IReminderTable
{
    Task<IReadOnlyList<ReminderEntry>> ReadRemindersAsync(IReadOnlyCollection<int> partitions, CancellationToken cancellationToken);

    Task UpsertReminderAsync(ReminderEntry entry, CancellationToken cancellationToken);

    Task RemoveReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken);
}
