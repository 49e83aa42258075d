namespace Notifications.Runtime.Tests;

public sealed class PartitionMapTests
{
    [Fact]
    public void The_hash_is_stable_across_processes()
    {
        // Fixed values: a change here moves every stored grain and reminder to another partition.
        Assert.Equal(705468254u, PartitionMap.StableHash("", ""));
        Assert.Equal(2804780706u, PartitionMap.StableHash("user", "t/alice"));
    }

    [Fact]
    public void Keys_spread_over_all_partitions()
    {
        var map = new PartitionMap(16);

        var used = Enumerable.Range(0, 2000).Select(i => map.GetPartition(new GrainId("notification", $"n{i}"))).ToHashSet();

        Assert.Equal(16, used.Count);
    }
}
