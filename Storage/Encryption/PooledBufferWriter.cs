using System.Buffers;

namespace Notifications.Storage;

/// <summary>
/// A buffer writer over arrays rented from the shared pool, for a state's JSON on its way to being sealed: a state
/// written costs no array of its own for its plaintext, and a large one (a page of a thousand recipients) no arrays
/// grown and dropped. What was written is cleared before the array goes back, since a state holds personal data.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    private int _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        Return(_buffer);
        _buffer = [];
        _written = 0;
    }

    private void EnsureRoom(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        WrittenSpan.CopyTo(larger);
        Return(_buffer);
        _buffer = larger;
    }

    private void Return(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            buffer.AsSpan(0, _written).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
