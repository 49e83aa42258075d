namespace Notifications.Grains;

/// <summary>One recipient of a page, with the notification id made for them and what applies to them alone.</summary>
/// <param name="Request">The whole request, for a page whose notifications share nothing (a batch); otherwise null, and
/// the recipient's request is the page's with their user, channel and priority.</param>
/// <param name="TraceParent">The trace of the request that accepted it, which its delivery joins.</param>
/// <param name="Card">The user's routing card as the topic's page keeps it: routed by it without the user's grain
/// when the send needs neither the dedupe window nor a rate limit. Never stored with the page.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutRecipient")]
public sealed record FanOutRecipient(string NotificationId, string UserId, string? Channel, Priority Priority, NotificationRequest? Request = null, string? TraceParent = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RoutingCard? Card = null);
