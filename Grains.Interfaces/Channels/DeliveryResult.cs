namespace Notifications.Grains;

/// <param name="MayHaveBeenDelivered">
/// The provider may have taken the send although no acknowledgement came back (a timeout, a connection lost after
/// the request went out); a send that was refused or never left is not.
/// </param>
/// <param name="Provider">The provider that answered last, by its configured name.</param>
/// <param name="DeadAddresses">
/// Addresses refused for good on this channel, whatever the outcome: a push can reach one device while another's
/// token turns out to be unregistered.
/// </param>
/// <param name="ProviderFault">
/// The provider itself is failing (its 5xx, no answer, a timeout, our credentials refused), not this message or its
/// recipient: only such failures may open the provider's circuit, which holds back every tenant's sends.
/// </param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeliveryResult")]
public sealed record DeliveryResult(
    DeliveryOutcome Outcome,
    string? Reason = null,
    TimeSpan? RetryAfter = null,
    string? ProviderMessageId = null,
    bool MayHaveBeenDelivered = false,
    string? Provider = null,
    IReadOnlyList<string>? DeadAddresses = null,
    bool ProviderFault = false)
{
    public static DeliveryResult Delivered(string? providerMessageId = null) => new(DeliveryOutcome.Delivered, ProviderMessageId: providerMessageId);
}
