namespace Notifications.Grains;

/// <summary>A send to every user of a tenant whose attributes match <paramref name="Filter"/>.</summary>
/// <param name="Request">The notification each user gets; its user id is left empty.</param>
/// <param name="RequestHash">Tells a repeated send (same id, same hash) from a conflicting one.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.AudienceSendStart")]
public sealed record AudienceSendStart(string Filter, NotificationRequest Request, string RequestHash);
