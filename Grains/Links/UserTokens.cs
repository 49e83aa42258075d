using System.Globalization;

namespace Notifications.Grains;

/// <summary>
/// One user of one tenant, until a time, sealed for one purpose: what inbox tokens and preference links carry. The
/// purpose is authenticated with it, so a token made for one cannot be used for the other.
/// </summary>
public sealed class UserTokens(LinkSealer sealer, TimeProvider time)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(string purpose, string tenant, string userId, TimeSpan lifetime)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        return (sealer.Seal(purpose, $"{tenant}\n{userId}\n{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"), expiresAt);
    }

    /// <summary>The tenant and user a token of this purpose stands for, while it has not expired.</summary>
    public bool TryRead(string purpose, string token, out string tenant, out string userId)
    {
        tenant = userId = "";
        if (!sealer.TryOpen(purpose, token, out var payload) || payload.Split('\n') is not [var t, var u, var e]
            || !long.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            || DateTimeOffset.FromUnixTimeSeconds(expires) <= time.GetUtcNow())
        {
            return false;
        }

        (tenant, userId) = (t, u);
        return true;
    }
}
