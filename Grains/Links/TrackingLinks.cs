using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// The open pixel (<c>/t/o/{token}</c>) and click redirects (<c>/t/c/{token}</c>) put into email. Each token names
/// tenant, user and notification, and a click's its target too, under a signature: a link cannot be forged to
/// record engagement for someone else, nor altered to redirect anywhere but where the message pointed.
/// </summary>
public sealed class TrackingLinks(LinkSigner signer, IOptions<ServiceUrlOptions> urls)
{
    private const string OpenPurpose = "open";
    private const string ClickPurpose = "click";

    /// <summary>Null without a public address to put in links.</summary>
    public string? OpenPixel(string tenant, string userId, string notificationId) => urls.Value.PublicBaseUrl is { } baseUrl
        ? new Uri(baseUrl, $"/t/o/{signer.Sign(OpenPurpose, $"{tenant}\n{userId}\n{notificationId}")}").AbsoluteUri
        : null;

    public string? Click(string tenant, string userId, string notificationId, string target) => urls.Value.PublicBaseUrl is { } baseUrl
        ? new Uri(baseUrl, $"/t/c/{signer.Sign(ClickPurpose, $"{tenant}\n{userId}\n{notificationId}\n{target}")}").AbsoluteUri
        : null;

    public bool TryReadOpen(string token, out TrackedLink link) => TryRead(OpenPurpose, token, 3, out link);

    public bool TryReadClick(string token, out TrackedLink link) => TryRead(ClickPurpose, token, 4, out link);

    private bool TryRead(string purpose, string token, int parts, out TrackedLink link)
    {
        link = default;
        if (!signer.TryVerify(purpose, token, out var payload) || payload.Split('\n', parts) is not { } fields || fields.Length != parts)
        {
            return false;
        }

        link = new TrackedLink(fields[0], fields[1], fields[2], parts == 4 ? fields[3] : null);
        return true;
    }
}
