using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// One-click unsubscribe links (RFC 8058) at <c>/u/{token}</c>: the token names tenant, user and category and is
/// signed, because the one-click POST carries no cookie or key to prove anything else.
/// </summary>
public sealed class UnsubscribeLinks(LinkSigner signer, IOptions<ServiceUrlOptions> urls)
{
    private const string Purpose = "unsubscribe";

    /// <summary>The link for a user to leave a category (every email when it is null), or null without a public address.</summary>
    public string? For(string tenant, string userId, string? category) => urls.Value.PublicBaseUrl is { } baseUrl
        ? new Uri(baseUrl, $"/u/{signer.Sign(Purpose, $"{tenant}\n{userId}\n{category}")}").AbsoluteUri
        : null;

    public bool TryRead(string token, out string tenant, out string userId, out string? category)
    {
        tenant = userId = "";
        category = null;
        if (!signer.TryVerify(Purpose, token, out var payload) || payload.Split('\n') is not [var t, var u, var c])
        {
            return false;
        }

        (tenant, userId, category) = (t, u, c is "" ? null : c);
        return true;
    }
}
