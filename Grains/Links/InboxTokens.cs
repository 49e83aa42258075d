namespace Notifications.Grains;

/// <summary>
/// Tokens that let one user's app or browser read that user's inbox and its live stream, and nothing else, for a
/// limited time: a backend that holds the tenant's API key issues them, so the key never reaches a client.
/// </summary>
public sealed class InboxTokens(UserTokens tokens)
{
    private const string Purpose = "inbox";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tenant, string userId, TimeSpan lifetime) => tokens.Issue(Purpose, tenant, userId, lifetime);

    /// <summary>The tenant and user a token stands for, while it has not expired.</summary>
    public bool TryRead(string token, out string tenant, out string userId) => tokens.TryRead(Purpose, token, out tenant, out userId);
}
