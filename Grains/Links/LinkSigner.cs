using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// Signs what goes into links sent to recipients (unsubscribe, tracking), so that a link cannot be forged or
/// altered: the token carries its payload and an HMAC-SHA256 over purpose and payload.
/// </summary>
public sealed class LinkSigner(LinkSigningKey key)
{
    private const int TagBytes = 16;

    public string Sign(string purpose, string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url.EncodeToString(data)}.{Base64Url.EncodeToString(Tag(purpose, data))}";
    }

    public bool TryVerify(string purpose, string token, out string payload)
    {
        payload = "";
        var dot = token.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        try
        {
            var data = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            var tag = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            if (!CryptographicOperations.FixedTimeEquals(tag, Tag(purpose, data)))
            {
                return false;
            }

            payload = Encoding.UTF8.GetString(data);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private byte[] Tag(string purpose, byte[] data) =>
        HMACSHA256.HashData(key.Key, (byte[])[.. Encoding.UTF8.GetBytes(purpose), 0, .. data])[..TagBytes];
}
