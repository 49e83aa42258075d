namespace Notifications.Client;

public sealed record EventEndpointList(IReadOnlyList<EventEndpointInfo> Items);
