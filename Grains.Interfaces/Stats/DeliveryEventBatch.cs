namespace Notifications.Grains;

/// <summary>
/// A tenant's delivery events as a silo hands them on together: counted by second for the statistics, and folded into
/// a row per notification for the message log, so that what travels grows with the notifications and seconds, not
/// with every step each took.
/// </summary>
/// <param name="Source">The pump that sent it (one per silo process): each counts its batches on its own.</param>
/// <param name="Sequence">Counts the tenant's batches from <paramref name="Source"/>, so that a batch sent again after a lost answer is recognised and not counted twice.</param>
/// <param name="Events">Steps one by one, in the order they happened, as batches were made before they were counted and folded: still counted and applied.</param>
/// <param name="Rows">Each notification with every step of the batch applied, in the order of their first step.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeliveryEventBatch")]
public sealed record DeliveryEventBatch(
    Guid Source,
    long Sequence,
    IReadOnlyList<DeliveryEvent> Events,
    IReadOnlyList<StatsSecond>? Seconds = null,
    IReadOnlyList<MessageLogRow>? Rows = null);
