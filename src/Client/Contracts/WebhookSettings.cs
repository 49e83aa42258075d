namespace Notifications.Client;

/// <param name="Secret">The Standard Webhooks signing secret (<c>whsec_…</c>); generated when not given.</param>
public sealed record WebhookSettings(string Url, string? Secret = null, bool Disabled = false);
