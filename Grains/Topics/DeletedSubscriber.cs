namespace Notifications.Grains;

/// <summary>A subscriber deleted lately: the life of the user that was deleted, and when.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeletedSubscriber")]
public sealed record DeletedSubscriber(Guid Incarnation, DateTimeOffset At);
