namespace Notifications.Grains;

/// <summary>One recipient of a page, with the notification id made for them and what applies to them alone.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutRecipient")]
public sealed record FanOutRecipient(string NotificationId, string UserId, string? Channel, Priority Priority);
