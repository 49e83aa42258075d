namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.EventSegmentGrainState")]
public sealed class EventSegmentGrainState
{
    public const string Name = "event-segment";

    [Id(0)]
    public List<TenantEvent> Events { get; set; } = [];
}
