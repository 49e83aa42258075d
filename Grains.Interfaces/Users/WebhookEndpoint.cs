namespace Notifications.Grains;

/// <param name="Secret">The Standard Webhooks signing secret, <c>whsec_</c> and base64.</param>
/// <param name="DisabledBecause">Why the endpoint is no longer used, when it is not.</param>
/// <param name="PreviousSecret">After a rotation, the secret replaced: deliveries are signed with both until
/// <paramref name="PreviousSecretExpiresAt"/>, so the receiver can switch without losing a delivery.</param>
/// <param name="FailingSince">When the current run of failed deliveries began; null while deliveries go through.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    string Url,
    string Secret,
    bool Disabled = false,
    string? DisabledBecause = null,
    string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretExpiresAt = null,
    DateTimeOffset? FailingSince = null)
{
    /// <summary>Every secret a delivery at <paramref name="now"/> is signed with, the current one first.</summary>
    public IEnumerable<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}
