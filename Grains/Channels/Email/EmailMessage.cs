namespace Notifications.Grains;

/// <param name="Headers">Extra headers: Message-ID, List-Unsubscribe and the like.</param>
public sealed record EmailMessage(
    string NotificationId,
    string From,
    string? FromName,
    string To,
    string Subject,
    string Text,
    string Html,
    IReadOnlyDictionary<string, string> Headers,
    string Tenant) : IRecipientMessage
{
    string IRecipientMessage.Recipient => To;
}
