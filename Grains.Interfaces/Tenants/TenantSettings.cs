namespace Notifications.Grains;

/// <summary>What a tenant sets for all of its notifications.</summary>
/// <param name="RedirectDomains">The domains (with their subdomains) that tracked links in its emails may lead to;
/// empty for any. A link elsewhere is left as it is in the email, and refused by the click redirect.</param>
/// <param name="PreferenceCentreTexts">By language tag, the preference centre's texts in that language, by key
/// (see <c>PreferenceCentreText</c> in the silo); a text not given is shown in English.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TenantSettings")]
/// <param name="RetentionDays">Days a finished notification is kept; null for the service's default.</param>
public sealed record TenantSettings(
    IReadOnlyList<string> RedirectDomains,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? PreferenceCentreTexts = null,
    int? RetentionDays = null)
{
    public static TenantSettings Default { get; } = new([]);

    public bool AllowsRedirectTo(Uri target) =>
        target.Scheme is "http" or "https"
        && (RedirectDomains.Count == 0 || RedirectDomains.Any(domain =>
            target.IdnHost.Equals(domain, StringComparison.OrdinalIgnoreCase) || target.IdnHost.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase)));
}
