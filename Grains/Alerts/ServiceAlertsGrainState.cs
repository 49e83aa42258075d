namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.ServiceAlertsGrainState")]
public sealed class ServiceAlertsGrainState
{
    public const string Name = "service-alerts";

    /// <summary>The alerts raised and not yet resolved, by what they are about (<c>kind:subject</c>).</summary>
    [Id(0)]
    public Dictionary<string, ActiveAlert> Active { get; set; } = [];
}
