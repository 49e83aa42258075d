namespace Notifications.Grains;

/// <summary>A message for a provider, naming the recipient's address: kept out of what is told about the provider.</summary>
public interface IRecipientMessage
{
    /// <summary>The e-mail address, phone number, device token or push endpoint the message goes to.</summary>
    string Recipient { get; }
}
