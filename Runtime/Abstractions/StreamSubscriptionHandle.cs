namespace Notifications.Runtime;

public sealed class StreamSubscriptionHandle(StreamId streamId, Action unsubscribe)
{
    private int _unsubscribed;

    public StreamId StreamId { get; } = streamId;

    public Task UnsubscribeAsync()
    {
        if (Interlocked.Exchange(ref _unsubscribed, 1) == 0)
        {
            unsubscribe();
        }

        return Task.CompletedTask;
    }
}
