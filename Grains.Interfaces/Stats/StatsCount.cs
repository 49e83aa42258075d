namespace Notifications.Grains;

/// <summary>How many notifications entered <paramref name="Status"/> through a channel, priority and provider.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.StatsCount")]
public sealed record StatsCount(NotificationStatus Status, string? Channel, Priority Priority, string? Provider, long Count);
