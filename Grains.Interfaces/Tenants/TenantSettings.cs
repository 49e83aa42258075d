namespace Notifications.Grains;

/// <summary>What a tenant sets for all of its notifications.</summary>
/// <param name="RedirectDomains">The domains (with their subdomains) that tracked links in its emails may lead to;
/// empty for any. A link elsewhere is left as it is in the email, and refused by the click redirect.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TenantSettings")]
public sealed record TenantSettings(IReadOnlyList<string> RedirectDomains)
{
    public static TenantSettings Default { get; } = new([]);

    public bool AllowsRedirectTo(Uri target) =>
        target.Scheme is "http" or "https"
        && (RedirectDomains.Count == 0 || RedirectDomains.Any(domain =>
            target.IdnHost.Equals(domain, StringComparison.OrdinalIgnoreCase) || target.IdnHost.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase)));
}
