namespace Notifications.Client;

/// <param name="RedirectDomains">The domains (and their subdomains) tracked links in emails may lead to; empty or
/// null for any. A link elsewhere stays untracked in the email, and the click redirect refuses it.</param>
/// <param name="PreferenceCentreTexts">By language tag (<c>es</c>, <c>pt-BR</c>), the preference centre's texts for
/// users of that language, by key: <c>heading</c>, <c>channels</c>, <c>categories</c>, <c>quiet_hours</c>,
/// <c>quiet_hours_note</c>, <c>from</c>, <c>until</c>, <c>everything_else</c>, <c>opt_out</c>, <c>always_sent</c>,
/// <c>save</c>, <c>saved</c>, <c>expired</c>, <c>bad_quiet_hours</c>, <c>channel.email</c> (and each channel),
/// <c>category.marketing</c> (and each category). What is not given is shown in English.</param>
/// <param name="RetentionDays">How many days a finished notification (with its engagements, its batch's or send's
/// records, and its dead letter) is kept; then its id answers 404. Statistics already counted stay. Unset: the
/// service's default (<c>Notifications:Retention:Default</c>, 30 days).</param>
public sealed record TenantSettingsInfo(
    IReadOnlyList<string>? RedirectDomains = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? PreferenceCentreTexts = null,
    int? RetentionDays = null);
