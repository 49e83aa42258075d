namespace Notifications.Grains;

/// <summary>Deliveries and engagements of one category or template.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EngagementCount")]
public sealed record EngagementCount(string Name, long Delivered, long Opened, long Clicked);
