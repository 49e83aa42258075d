namespace Notifications.Grains;

/// <param name="Payload">The JSON the service worker receives, before encryption.</param>
/// <param name="Urgency"><c>very-low</c>, <c>low</c>, <c>normal</c> or <c>high</c> (RFC 8030).</param>
/// <param name="Topic">Replaces a message with the same topic still waiting at the push service.</param>
public sealed record WebPushMessage(string NotificationId, Device Subscription, byte[] Payload, TimeSpan TimeToLive, string Urgency, string? Topic) : IRecipientMessage
{
    string IRecipientMessage.Recipient => Subscription.Token;
}
