using System.Collections.Immutable;

namespace Notifications.Runtime;

internal sealed class InMemoryAsyncStream<T>(StreamId streamId, GrainRuntime runtime) : IAsyncStream<T>
{
    private ImmutableList<ExplicitSubscription> _subscriptions = [];

    public StreamId StreamId { get; } = streamId;

    public Task OnNextAsync(T item)
    {
        var deliveries = new List<Task>();
        foreach (var grainType in runtime.ImplicitSubscribers(StreamId.Namespace))
        {
            deliveries.Add(runtime.DeliverStreamItemAsync(new GrainId(grainType, StreamId.Key), StreamId, item));
        }

        foreach (var subscription in _subscriptions)
        {
            deliveries.Add(subscription.DeliverAsync(item));
        }

        return deliveries.Count switch
        {
            0 => Task.CompletedTask,
            1 => deliveries[0],
            _ => Task.WhenAll(deliveries),
        };
    }

    public Task<StreamSubscriptionHandle> SubscribeAsync(IAsyncObserver<T> observer)
    {
        if (RuntimeContext.Current is { } activation)
        {
            activation.StreamObservers[StreamId] = observer;
            return Task.FromResult(new StreamSubscriptionHandle(StreamId, () => activation.StreamObservers.Remove(StreamId)));
        }

        var subscription = new ExplicitSubscription(observer);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return Task.FromResult(new StreamSubscriptionHandle(StreamId, () => ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription))));
    }

    /// <summary>Hands items to an observer outside any grain one at a time, in order.</summary>
    private sealed class ExplicitSubscription(IAsyncObserver<T> observer)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task DeliverAsync(T item)
        {
            await _gate.WaitAsync();
            try
            {
                await observer.OnNextAsync(item);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
