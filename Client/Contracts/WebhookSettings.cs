namespace Notifications.Client;

/// <param name="Secret">The Standard Webhooks signing secret (<c>whsec_…</c>); generated when not given. Shown only in the answer to the
/// update that set or rotated it, never in reads or exports: keep it then, or set a new one.</param>
/// <param name="Disabled">Read only: the endpoint answered 410 Gone, or every delivery failed for five days, and it is
/// not used until it is set again.</param>
/// <param name="DisabledBecause">Read only: why it was disabled.</param>
/// <param name="PreviousSecretExpiresAt">Read only: after a new secret is set for the same URL, deliveries are signed
/// with the old one too until this time, so the receiver can switch without losing any.</param>
/// <param name="FailingSince">Read only: when the current run of failed deliveries began; null while deliveries go through.</param>
public sealed record WebhookSettings(
    string Url, string? Secret = null, bool Disabled = false, string? DisabledBecause = null, DateTimeOffset? PreviousSecretExpiresAt = null, DateTimeOffset? FailingSince = null);
