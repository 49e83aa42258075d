using System.Security.Cryptography;

namespace Notifications.Grains;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> and the base64 of the key bytes.</summary>
public static class WebhookSecret
{
    private const string Prefix = "whsec_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool TryParse(string secret, out byte[] key)
    {
        key = [];
        var encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var length) || length is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }
}
