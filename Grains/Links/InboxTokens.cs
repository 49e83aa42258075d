using System.Globalization;

namespace Notifications.Grains;

/// <summary>
/// Tokens that let one user's app or browser read that user's inbox and its live stream, and nothing else, for a
/// limited time: a backend that holds the tenant's API key issues them, so the key never reaches a client.
/// </summary>
public sealed class InboxTokens(LinkSealer sealer, TimeProvider time)
{
    private const string Purpose = "inbox";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tenant, string userId, TimeSpan lifetime)
    {
        var expiresAt = time.GetUtcNow() + lifetime;
        var payload = $"{tenant}\n{userId}\n{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return (sealer.Seal(Purpose, payload), DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    /// <summary>The tenant and user a token stands for, while it has not expired.</summary>
    public bool TryRead(string token, out string tenant, out string userId)
    {
        tenant = userId = "";
        if (!sealer.TryOpen(Purpose, token, out var payload) || payload.Split('\n') is not [var t, var u, var e]
            || !long.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            || DateTimeOffset.FromUnixTimeSeconds(expires) <= time.GetUtcNow())
        {
            return false;
        }

        (tenant, userId) = (t, u);
        return true;
    }
}
