namespace Notifications.Client;

/// <param name="RedirectDomains">The domains (and their subdomains) tracked links in emails may lead to; empty or
/// null for any. A link elsewhere stays untracked in the email, and the click redirect refuses it.</param>
public sealed record TenantSettingsInfo(IReadOnlyList<string>? RedirectDomains = null);
