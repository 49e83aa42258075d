using System.Text;

namespace Notifications.Runtime;

/// <summary>Maps grain ids onto a fixed number of partitions with a hash that is the same on every machine and run.</summary>
public sealed class PartitionMap(int partitionCount)
{
    public int PartitionCount { get; } = partitionCount > 0 ? partitionCount : throw new ArgumentOutOfRangeException(nameof(partitionCount));

    public int GetPartition(GrainId grainId) => (int)(StableHash(grainId.Type, grainId.Key) % (uint)PartitionCount);

    /// <summary>FNV-1a over the UTF-8 bytes of <c>type/key</c>; string.GetHashCode is randomised per process.</summary>
    public static uint StableHash(string type, string key)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in (ReadOnlySpan<string>)[type, "/", key])
        {
            var bytes = Encoding.UTF8.GetMaxByteCount(part.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * prime;
            }
        }

        return hash;
    }
}
