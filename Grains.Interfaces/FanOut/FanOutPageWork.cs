namespace Notifications.Grains;

/// <param name="Request">What every recipient gets; each recipient's own request is this one with their user, channel and priority.</param>
/// <param name="RequestHash">The send's id, which each recipient's notification carries as its request hash.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutPageWork")]
public sealed record FanOutPageWork(NotificationRequest Request, string RequestHash, IReadOnlyList<FanOutRecipient> Recipients);
