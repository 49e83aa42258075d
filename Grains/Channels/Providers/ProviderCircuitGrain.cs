namespace Notifications.Grains;

public sealed class ProviderCircuitGrain(TimeProvider time) : Grain, IProviderCircuitGrain
{
    private DateTimeOffset? _openUntil;

    public Task OpenedAsync(DateTimeOffset until)
    {
        _openUntil = _openUntil > until ? _openUntil : until;
        return Task.CompletedTask;
    }

    public Task ClosedAsync()
    {
        _openUntil = null;
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> OpenUntilAsync() => Task.FromResult(_openUntil > time.GetUtcNow() ? _openUntil : null);
}
