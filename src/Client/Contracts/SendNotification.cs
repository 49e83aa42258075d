namespace Notifications.Client;

/// <summary>A notification to send to one user.</summary>
/// <param name="Channel">Sends through this channel only; by default the user's preferences decide.</param>
/// <param name="IdempotencyKey">In a batch, the item's own key; a single send takes the Idempotency-Key header.</param>
public sealed record SendNotification(
    string UserId,
    string Message,
    string? Title = null,
    NotificationPriority? Priority = null,
    string? Category = null,
    string? Language = null,
    string? Channel = null,
    IReadOnlyDictionary<string, string>? Data = null,
    string? IdempotencyKey = null);
