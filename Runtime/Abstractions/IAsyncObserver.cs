namespace Notifications.Runtime;

public interface IAsyncObserver<in T>
{
    Task OnNextAsync(T item);

    Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    Task OnCompletedAsync() => Task.CompletedTask;
}
