namespace Notifications.Grains;

/// <param name="MayHaveBeenDelivered">
/// The provider may have taken the send although no acknowledgement came back (a timeout, a connection lost after
/// the request went out); a send that was refused or never left is not.
/// </param>
public sealed record DeliveryResult(
    DeliveryOutcome Outcome,
    string? Reason = null,
    TimeSpan? RetryAfter = null,
    string? ProviderMessageId = null,
    bool MayHaveBeenDelivered = false)
{
    public static DeliveryResult Delivered(string? providerMessageId = null) => new(DeliveryOutcome.Delivered, ProviderMessageId: providerMessageId);
}
