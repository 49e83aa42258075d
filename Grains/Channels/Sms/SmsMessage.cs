namespace Notifications.Grains;

/// <param name="To">E.164.</param>
public sealed record SmsMessage(string NotificationId, string To, string Body) : IRecipientMessage
{
    string IRecipientMessage.Recipient => To;
}
