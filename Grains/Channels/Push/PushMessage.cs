namespace Notifications.Grains;

/// <summary>A notification for one mobile device, whichever service (FCM or APNs) reaches it.</summary>
/// <param name="Token">The FCM registration token or the APNs device token.</param>
/// <param name="CollapseKey">A later message with the same key replaces this one if the device has not shown it yet.</param>
public sealed record PushMessage(
    string NotificationId,
    string Token,
    string? Title,
    string Body,
    string? Category,
    IReadOnlyDictionary<string, string>? Data,
    bool Urgent,
    DateTimeOffset ExpiresAt,
    string? CollapseKey) : IRecipientMessage
{
    string IRecipientMessage.Recipient => Token;
}
