namespace Notifications.Runtime;

public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    /// <summary>Completes once every subscriber has processed the item.</summary>
    Task OnNextAsync(T item);

    /// <summary>
    /// Inside a grain, subscribes that activation: items arrive in its turns. Outside a grain, items arrive one at
    /// a time on the thread pool until the handle is disposed.
    /// </summary>
    Task<StreamSubscriptionHandle> SubscribeAsync(IAsyncObserver<T> observer);
}
