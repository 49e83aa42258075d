namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TenantSettingsGrainState")]
public sealed class TenantSettingsGrainState
{
    [Id(0)]
    public TenantSettings? Settings { get; set; }
}
