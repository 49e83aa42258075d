namespace Notifications.Grains;

/// <summary>A tenant's delivery events as the silo hands them on together, in the order they happened.</summary>
/// <param name="Source">The pump that sent it (one per silo process): each counts its batches on its own.</param>
/// <param name="Sequence">Counts the tenant's batches from <paramref name="Source"/>, so that a batch sent again after a lost answer is recognised and not counted twice.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeliveryEventBatch")]
public sealed record DeliveryEventBatch(Guid Source, long Sequence, IReadOnlyList<DeliveryEvent> Events);
