namespace Notifications.Grains;

public sealed class TenantSettingsGrain([PersistentState("tenant-settings")] IPersistentState<TenantSettingsGrainState> settings) : Grain, ITenantSettingsGrain
{
    public Task<TenantSettings> GetAsync() => Task.FromResult(settings.State.Settings ?? TenantSettings.Default);

    public async Task<TenantSettings> SetAsync(TenantSettings changed)
    {
        settings.State.Settings = changed;
        await settings.WriteStateAsync();
        return changed;
    }
}
