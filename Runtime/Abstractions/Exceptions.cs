namespace Notifications.Runtime;

/// <summary>This silo does not own the partition of the grain, so it may not activate it.</summary>
public sealed class PartitionNotOwnedException(GrainId grainId, int partition)
    : Exception($"Grain {grainId} is in partition {partition}, which this silo does not own.")
{
    public GrainId GrainId { get; } = grainId;

    public int Partition { get; } = partition;
}

/// <summary>The silo is stopping and accepts no more calls.</summary>
public sealed class SiloUnavailableException(string message) : Exception(message);
