namespace Notifications.Client;

/// <param name="RedirectDomains">The domains (and their subdomains) tracked links in emails may lead to; empty or
/// null for any. A link elsewhere stays untracked in the email, and the click redirect refuses it.</param>
/// <param name="PreferenceCentreTexts">By language tag (<c>es</c>, <c>pt-BR</c>), the preference centre's texts for
/// users of that language, by key: <c>heading</c>, <c>channels</c>, <c>categories</c>, <c>quiet_hours</c>,
/// <c>quiet_hours_note</c>, <c>from</c>, <c>until</c>, <c>everything_else</c>, <c>opt_out</c>, <c>always_sent</c>,
/// <c>save</c>, <c>saved</c>, <c>expired</c>, <c>bad_quiet_hours</c>, <c>channel.email</c> (and each channel),
/// <c>category.marketing</c> (and each category). What is not given is shown in English.</param>
public sealed record TenantSettingsInfo(
    IReadOnlyList<string>? RedirectDomains = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? PreferenceCentreTexts = null);
