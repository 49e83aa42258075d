using System.Globalization;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// The open pixel (<c>/t/o/{token}</c>) and click redirects (<c>/t/c/{token}</c>) put into email. Each token seals
/// tenant, user, notification, until when it counts, and a click's target too: a link cannot be forged to record
/// engagement for someone else, nor altered to redirect anywhere but where the message pointed, nor read for whom it
/// was sent to. After <see cref="Lifetime"/> a link still shows its pixel or leads on, but records nothing.
/// </summary>
public sealed class TrackingLinks(LinkSealer sealer, IOptions<ServiceUrlOptions> urls, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private const string OpenPurpose = "open";
    private const string ClickPurpose = "click";

    /// <summary>Null without a public address to put in links.</summary>
    public string? OpenPixel(string tenant, string userId, string notificationId) =>
        Link("/t/o/", OpenPurpose, $"{tenant}\n{userId}\n{notificationId}\n{ExpiresAt()}");

    public string? Click(string tenant, string userId, string notificationId, string target) =>
        Link("/t/c/", ClickPurpose, $"{tenant}\n{userId}\n{notificationId}\n{ExpiresAt()}\n{target}");

    /// <summary>Signed links of earlier builds have three fields and no end.</summary>
    public bool TryReadOpen(string token, out TrackedLink link) => TryRead(OpenPurpose, token, legacyFields: 3, out link);

    /// <summary>Signed links of earlier builds have four fields, the target last, and no end.</summary>
    public bool TryReadClick(string token, out TrackedLink link) => TryRead(ClickPurpose, token, legacyFields: 4, out link);

    private string? Link(string path, string purpose, string payload) =>
        urls.Value.PublicBaseUrl is { } baseUrl ? new Uri(baseUrl, path + sealer.Seal(purpose, payload)).AbsoluteUri : null;

    private string ExpiresAt() => (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private bool TryRead(string purpose, string token, int legacyFields, out TrackedLink link)
    {
        link = default;
        if (!sealer.TryOpen(purpose, token, out var payload))
        {
            return false;
        }

        var fields = payload.Split('\n', legacyFields + 1);
        var target = purpose == ClickPurpose ? fields[^1] : null;
        if (fields.Length == legacyFields)
        {
            link = new TrackedLink(fields[0], fields[1], fields[2], target, Current: true);
            return true;
        }

        if (fields.Length != legacyFields + 1 || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        link = new TrackedLink(fields[0], fields[1], fields[2], target, Current: time.GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(expires));
        return true;
    }
}
