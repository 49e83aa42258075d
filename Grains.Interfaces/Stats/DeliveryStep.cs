namespace Notifications.Grains;

/// <summary>
/// A transition a notification passed through before the <see cref="DeliveryEvent"/> that carries it: counted as a
/// transition of its own, at its own time, with the notification's accept time.
/// </summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeliveryStep")]
public sealed record DeliveryStep(NotificationStatus Status, string? Channel, string? Provider, DateTimeOffset At);
