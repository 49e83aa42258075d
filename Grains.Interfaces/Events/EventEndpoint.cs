namespace Notifications.Grains;

/// <summary>Where a tenant's application receives the events it asked for, signed per Standard Webhooks.</summary>
/// <param name="Types">The event types (or families, <c>notification.*</c>) it receives; null for every event.</param>
/// <param name="Secret">The signing secret, <c>whsec_</c> and base64: shown to the tenant only when set or rotated.</param>
/// <param name="PreviousSecret">After a rotation, the secret replaced: events are signed with both until
/// <paramref name="PreviousSecretExpiresAt"/>, so the receiver can switch without refusing any.</param>
/// <param name="DisabledBecause">Why it is not sent to, when it was disabled for failing (null when the tenant turned it off).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventEndpoint")]
public sealed record EventEndpoint(
    string Id,
    string Url,
    IReadOnlyList<string>? Types,
    string? Description,
    string Secret,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string? DisabledBecause = null,
    string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretExpiresAt = null)
{
    public bool Wants(string type) => Types is null || Types.Any(filter => EventTypes.Matches(filter, type));

    /// <summary>Every secret an event sent at <paramref name="now"/> is signed with, the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}
