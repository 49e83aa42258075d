namespace Notifications.Grains;

/// <param name="To">E.164.</param>
/// <param name="Language">The user's language, for the voice that reads the text.</param>
public sealed record VoiceMessage(string NotificationId, string To, string Text, string? Language) : IRecipientMessage
{
    string IRecipientMessage.Recipient => To;
}
