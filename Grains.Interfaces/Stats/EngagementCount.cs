namespace Notifications.Grains;

/// <summary>Deliveries and engagements of one category or template.</summary>
public sealed record EngagementCount(string Name, long Delivered, long Opened, long Clicked);
