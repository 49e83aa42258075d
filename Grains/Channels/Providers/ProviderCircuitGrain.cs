namespace Notifications.Grains;

public sealed class ProviderCircuitGrain(TimeProvider time) : Grain, IProviderCircuitGrain
{
    /// <summary>Each open breaker's break, by breaker: a silo's trial send ends its own break, not another silo's.</summary>
    private readonly Dictionary<string, DateTimeOffset> _openUntil = [];

    public Task BreakerOpenedAsync(string breakerId, DateTimeOffset until)
    {
        _openUntil[breakerId] = until;
        return Task.CompletedTask;
    }

    public Task BreakerClosedAsync(string breakerId)
    {
        _openUntil.Remove(breakerId);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> OpenUntilAsync()
    {
        var now = time.GetUtcNow();
        foreach (var ended in _openUntil.Where(b => b.Value <= now).Select(b => b.Key).ToList())
        {
            _openUntil.Remove(ended);
        }

        return Task.FromResult(_openUntil.Count == 0 ? (DateTimeOffset?)null : _openUntil.Values.Max());
    }
}
