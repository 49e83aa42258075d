namespace Notifications.Grains;

/// <summary>A page of a tenant's message log: its number, and the accept times of its oldest and newest rows.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MessageLogPageInfo")]
public sealed record MessageLogPageInfo(long Number, DateTimeOffset Oldest, DateTimeOffset Newest, int Count);
