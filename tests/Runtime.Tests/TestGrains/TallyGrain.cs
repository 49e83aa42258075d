namespace Notifications.Runtime.Tests;

/// <summary>Implicitly subscribed to the "numbers" namespace: one tally per stream key.</summary>
[ImplicitStreamSubscription("numbers")]
public sealed class TallyGrain : Grain, ITallyGrain, IAsyncObserver<int>
{
    private int _total;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = GetStreamProvider("events").GetStream<int>(StreamId.Create("numbers", GetPrimaryKeyString()));
        await stream.SubscribeAsync(this);
    }

    public Task<int> GetTotalAsync() => Task.FromResult(_total);

    public Task OnNextAsync(int item)
    {
        _total += item;
        return Task.CompletedTask;
    }
}
