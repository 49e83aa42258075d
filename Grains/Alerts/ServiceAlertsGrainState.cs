namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.ServiceAlertsGrainState")]
public sealed class ServiceAlertsGrainState
{
    public const string Name = "service-alerts";

    /// <summary>The alerts raised and not yet resolved, by what they are about (<c>kind:subject</c>).</summary>
    [Id(0)]
    public Dictionary<string, ActiveAlert> Active { get; set; } = [];

    /// <summary>Alerts raised and stored, whose raising is yet to be told (told again, under the same id, until it is).</summary>
    [Id(1)]
    public List<ActiveAlert> ToRaise { get; set; } = [];

    /// <summary>Alerts over, whose resolution is yet to be told.</summary>
    [Id(2)]
    public List<ActiveAlert> ToResolve { get; set; } = [];
}
