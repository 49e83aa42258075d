namespace Notifications.Grains;

/// <summary>What every email carries, whichever provider sends it.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Notifications:Email";

    /// <summary>The sender address; providers must be allowed to send as it.</summary>
    public string From { get; set; } = "";

    public string? FromName { get; set; }

    /// <summary>
    /// Categories sent in bulk (campaigns, newsletters): their mail carries one-click unsubscribe headers (RFC 8058),
    /// as Gmail and Yahoo require of bulk senders. Low priority mail counts as bulk too.
    /// </summary>
    public List<string> BulkCategories { get; set; } = ["marketing", "newsletter", "promotions", "digest"];

    /// <summary>An address that unsubscribes by mail, offered beside the link.</summary>
    public string? UnsubscribeMailto { get; set; }

    /// <summary>Puts an open pixel into every HTML email (with <c>Notifications:PublicBaseUrl</c> set).</summary>
    public bool TrackOpens { get; set; } = true;

    /// <summary>Sends every http(s) link of an HTML email through a signed click redirect (with <c>Notifications:PublicBaseUrl</c> set).</summary>
    public bool TrackClicks { get; set; } = true;

    /// <summary>
    /// Every email ends with a link to the recipient's preference centre (once <c>Notifications:PublicBaseUrl</c> is
    /// set): off for tenants whose own templates carry one.
    /// </summary>
    public bool PreferencesLink { get; set; } = true;
}
