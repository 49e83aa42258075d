namespace Notifications.Grains;

/// <summary>A tenant's delivery events as the silo hands them on together, in the order they happened.</summary>
public sealed record DeliveryEventBatch(IReadOnlyList<DeliveryEvent> Events);
