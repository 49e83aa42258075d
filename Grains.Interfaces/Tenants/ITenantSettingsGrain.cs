namespace Notifications.Grains;

/// <summary>A tenant's settings, keyed by tenant.</summary>
[Alias("Notifications.Grains.ITenantSettingsGrain")]
public interface ITenantSettingsGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("GetAsync")]
    Task<TenantSettings> GetAsync();

    [Alias("SetAsync")]
    Task<TenantSettings> SetAsync(TenantSettings settings);
}
