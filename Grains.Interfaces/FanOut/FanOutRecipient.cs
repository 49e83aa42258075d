namespace Notifications.Grains;

/// <summary>One recipient of a page, with the notification id made for them and what applies to them alone.</summary>
/// <param name="Request">The whole request, for a page whose notifications share nothing (a batch); otherwise null, and
/// the recipient's request is the page's with their user, channel and priority.</param>
/// <param name="TraceParent">The trace of the request that accepted it, which its delivery joins.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutRecipient")]
public sealed record FanOutRecipient(string NotificationId, string UserId, string? Channel, Priority Priority, NotificationRequest? Request = null, string? TraceParent = null);
