using System.Threading.Channels;

namespace Notifications.Silo;

/// <summary>Hands a stream's items to a channel, for a request that writes them out at its own pace.</summary>
internal sealed class ChannelObserver<T>(ChannelWriter<T> writer) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        writer.TryWrite(item);
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception ex)
    {
        writer.TryComplete(ex);
        return Task.CompletedTask;
    }
}
