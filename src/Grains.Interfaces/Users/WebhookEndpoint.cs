namespace Notifications.Grains;

/// <param name="Secret">The Standard Webhooks signing secret, <c>whsec_</c> and base64.</param>
/// <param name="DisabledBecause">Why the endpoint is no longer used, when it is not.</param>
public sealed record WebhookEndpoint(string Url, string Secret, bool Disabled = false, string? DisabledBecause = null);
