namespace Notifications.Grains;

/// <summary>A tenant's delivery events as the silo hands them on together, in the order they happened.</summary>
/// <param name="Sequence">Counts the tenant's batches from this silo, so that a batch sent again after a lost answer is recognised and not counted twice.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeliveryEventBatch")]
public sealed record DeliveryEventBatch(long Sequence, IReadOnlyList<DeliveryEvent> Events);
