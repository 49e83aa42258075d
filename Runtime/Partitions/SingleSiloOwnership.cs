namespace Notifications.Runtime;

/// <summary>The embedded mode: one silo owns every partition.</summary>
public sealed class SingleSiloOwnership(PartitionMap map) : IPartitionOwnership
{
    public IReadOnlyCollection<int> OwnedPartitions { get; } = Enumerable.Range(0, map.PartitionCount).ToArray();

    public bool Owns(int partition) => partition >= 0 && partition < map.PartitionCount;
}
