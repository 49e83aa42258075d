namespace Notifications.Grains;

/// <param name="Secret">The Standard Webhooks signing secret, <c>whsec_</c> and base64.</param>
public sealed record WebhookEndpoint(string Url, string Secret, bool Disabled = false);
