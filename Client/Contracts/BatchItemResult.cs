namespace Notifications.Client;

/// <param name="Replayed">True when an earlier send with the same idempotency key answered.</param>
/// <param name="Error">Why this item was not accepted.</param>
public sealed record BatchItemResult(int Index, string? Id, NotificationState? Status, bool Replayed = false, string? Error = null);
