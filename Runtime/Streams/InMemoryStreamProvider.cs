using System.Collections.Concurrent;

namespace Notifications.Runtime;

/// <summary>
/// Streams within one silo. Each item reaches the implicitly subscribed grains (activated as needed, item by item
/// in their turns) and every explicit subscriber before <see cref="IAsyncStream{T}.OnNextAsync"/> completes.
/// </summary>
internal sealed class InMemoryStreamProvider(string name, GrainRuntime runtime) : IStreamProvider
{
    private readonly ConcurrentDictionary<StreamId, object> _streams = new();

    public string Name { get; } = name;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        var stream = _streams.GetOrAdd(streamId, id => new InMemoryAsyncStream<T>(id, runtime));
        return stream as IAsyncStream<T>
            ?? throw new InvalidOperationException($"Stream {streamId} carries {stream.GetType().GenericTypeArguments[0].Name}, not {typeof(T).Name}.");
    }
}
