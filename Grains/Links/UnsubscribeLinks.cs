using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// One-click unsubscribe links (RFC 8058) at <c>/u/{token}</c>: the token seals tenant, user, category and the
/// notification it came in, because the one-click POST carries no cookie or key to prove anything else. It never
/// expires: a person may leave from any email they kept.
/// </summary>
public sealed class UnsubscribeLinks(LinkSealer sealer, IOptions<ServiceUrlOptions> urls)
{
    private const string Purpose = "unsubscribe";

    /// <summary>The link for a user to leave a category (every email when it is null), or null without a public address.</summary>
    public string? For(string tenant, string userId, string? category, string notificationId) => urls.Value.PublicBaseUrl is { } baseUrl
        ? new Uri(baseUrl, $"/u/{sealer.Seal(Purpose, $"{tenant}\n{userId}\n{category}\n{notificationId}")}").AbsoluteUri
        : null;

    /// <summary>What a link names; the notification is null for links made before they named it.</summary>
    public bool TryRead(string token, out UnsubscribeLink link)
    {
        link = default;
        if (!sealer.TryOpen(Purpose, token, out var payload))
        {
            return false;
        }

        switch (payload.Split('\n'))
        {
            case [var tenant, var userId, var category]:
                link = new UnsubscribeLink(tenant, userId, category is "" ? null : category, null);
                return true;
            case [var tenant, var userId, var category, var notificationId]:
                link = new UnsubscribeLink(tenant, userId, category is "" ? null : category, notificationId);
                return true;
            default:
                return false;
        }
    }
}
