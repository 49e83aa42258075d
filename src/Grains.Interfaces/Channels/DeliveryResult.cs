namespace Notifications.Grains;

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Reason = null, TimeSpan? RetryAfter = null, string? ProviderMessageId = null)
{
    public static DeliveryResult Delivered(string? providerMessageId = null) => new(DeliveryOutcome.Delivered, ProviderMessageId: providerMessageId);
}
