namespace Notifications.Runtime;

/// <summary>Which partitions this silo owns: only the owner may activate a partition's grains or fire its reminders.</summary>
public interface IPartitionOwnership
{
    bool Owns(int partition);

    IReadOnlyCollection<int> OwnedPartitions { get; }
}
