namespace Notifications.Grains;

/// <summary>
/// One provider's circuit for the whole cluster, keyed <c>route/provider</c>: a silo whose circuit breaker opens says so
/// here, and every silo holds back its sends to that provider until the break is over or the trial send succeeds.
/// Kept in memory: a circuit is about the last minute, and one forgotten with its silo is only tried again.
/// </summary>
[Alias("Notifications.Grains.IProviderCircuitGrain")]
public interface IProviderCircuitGrain : IGrainWithStringKey
{
    [Alias("OpenedAsync")]
    Task OpenedAsync(DateTimeOffset until);

    [Alias("ClosedAsync")]
    Task ClosedAsync();

    /// <summary>Until when the provider's circuit is open, or null when it is closed.</summary>
    [ReadOnly]
    [Alias("OpenUntilAsync")]
    Task<DateTimeOffset?> OpenUntilAsync();
}
