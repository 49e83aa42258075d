namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.EventEndpointsGrainState")]
public sealed class EventEndpointsGrainState
{
    public const string Name = "event-endpoints";

    [Id(0)]
    public List<EventEndpoint> Endpoints { get; set; } = [];
}
