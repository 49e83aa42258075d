namespace Notifications.Grains;

/// <summary>
/// One provider's circuit for the whole cluster, keyed <c>route/provider</c>: a silo whose circuit breaker opens says so
/// here, and every silo holds back its sends to that provider until the break is over or that silo's trial send succeeds.
/// Kept in memory: a circuit is about the last minute, and one forgotten with its silo is only tried again.
/// </summary>
[Alias("Notifications.Grains.IProviderCircuitGrain")]
public interface IProviderCircuitGrain : IGrainWithStringKey
{
    /// <summary>One silo's breaker opened until <paramref name="until"/>.</summary>
    [Alias("BreakerOpenedAsync")]
    Task BreakerOpenedAsync(string breakerId, DateTimeOffset until);

    /// <summary>One silo's breaker closed: the breaks other silos' breakers opened stand.</summary>
    [Alias("BreakerClosedAsync")]
    Task BreakerClosedAsync(string breakerId);

    /// <summary>Until when the provider's circuit is open, or null when it is closed.</summary>
    [ReadOnly]
    [Alias("OpenUntilAsync")]
    Task<DateTimeOffset?> OpenUntilAsync();
}
