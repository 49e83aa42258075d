namespace Notifications.Grains;

/// <summary>
/// An address a provider refused for good on one channel (a bounced mailbox, a landline for SMS, an unregistered
/// device token): it is not used on that channel again until the user sets it anew.
/// </summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UnreachableAddress")]
public sealed record UnreachableAddress(string Channel, string Address, string Reason, DateTimeOffset At);
