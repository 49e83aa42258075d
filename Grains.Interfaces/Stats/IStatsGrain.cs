namespace Notifications.Grains;

/// <summary>
/// One tenant's live statistics, keyed by tenant: fed by the tenant's delivery events stream, kept in sliding windows
/// of seconds and minutes.
/// </summary>
[Alias("Notifications.Grains.IStatsGrain")]
public interface IStatsGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("GetAsync")]
    Task<StatsSnapshot> GetAsync();
}
