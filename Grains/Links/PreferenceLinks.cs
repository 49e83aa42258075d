using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Links to a user's preference centre (<c>/preferences/{token}</c>): whoever holds one may see and change that user's
/// preferences, and nothing else, until it expires. A backend with the tenant's key makes them, for its own pages or
/// for mail.
/// </summary>
public sealed class PreferenceLinks(UserTokens tokens, IOptions<ServiceUrlOptions> urls)
{
    private const string Purpose = "preferences";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    /// <summary>The token, the page's address (absolute when the public address is configured) and when it expires.</summary>
    public (string Token, string Url, DateTimeOffset ExpiresAt) Issue(string tenant, string userId, TimeSpan lifetime)
    {
        var (token, expiresAt) = tokens.Issue(Purpose, tenant, userId, lifetime);
        var path = $"/preferences/{token}";
        return (token, urls.Value.PublicBaseUrl is { } baseUrl ? new Uri(baseUrl, path).AbsoluteUri : path, expiresAt);
    }

    /// <summary>A link for mail, or null without the service's public address to put in it.</summary>
    public string? ForMail(string tenant, string userId) =>
        urls.Value.PublicBaseUrl is null ? null : Issue(tenant, userId, DefaultLifetime).Url;

    /// <summary>The tenant and user a link stands for, while it has not expired.</summary>
    public bool TryRead(string token, out string tenant, out string userId) => tokens.TryRead(Purpose, token, out tenant, out userId);
}
