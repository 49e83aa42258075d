using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// Seals what goes into links and tokens handed to recipients and their apps (tracking, unsubscribe, inbox) with
/// AES-256-GCM, the purpose authenticated beside it: a token can be neither read (tenant, user and target stay
/// private), nor forged, nor altered, nor used for another purpose. A token is the key's id, a nonce, the ciphertext and
/// the tag, in base64url. Signed tokens of earlier builds (<c>payload.tag</c>, readable) still open: links already in
/// mailboxes keep working.
/// </summary>
public sealed class LinkSealer(LinkKeys keys)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int SignedTagBytes = 16;

    public string Seal(string purpose, string payload)
    {
        var key = keys.Current;
        var plaintext = Encoding.UTF8.GetBytes(payload);
        var token = new byte[LinkKey.IdBytes + NonceBytes + plaintext.Length + TagBytes];
        key.Id.CopyTo(token, 0);
        var nonce = token.AsSpan(LinkKey.IdBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.SealingKey, TagBytes);
        aes.Encrypt(nonce, plaintext, token.AsSpan(LinkKey.IdBytes + NonceBytes, plaintext.Length), token.AsSpan(token.Length - TagBytes), Encoding.UTF8.GetBytes(purpose));
        return Base64Url.EncodeToString(token);
    }

    public bool TryOpen(string purpose, string token, out string payload)
    {
        payload = "";
        try
        {
            return token.Contains('.') ? TryVerifySigned(purpose, token, out payload) : TryUnseal(purpose, token, out payload);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private bool TryUnseal(string purpose, string token, out string payload)
    {
        payload = "";
        var sealedBytes = Base64Url.DecodeFromChars(token);
        if (sealedBytes.Length < LinkKey.IdBytes + NonceBytes + TagBytes
            || keys.Keys.FirstOrDefault(k => k.Id.AsSpan().SequenceEqual(sealedBytes.AsSpan(0, LinkKey.IdBytes))) is not { } key)
        {
            return false;
        }

        var ciphertext = sealedBytes.AsSpan(LinkKey.IdBytes + NonceBytes, sealedBytes.Length - LinkKey.IdBytes - NonceBytes - TagBytes);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key.SealingKey, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(LinkKey.IdBytes, NonceBytes), ciphertext, sealedBytes.AsSpan(sealedBytes.Length - TagBytes), plaintext, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        payload = Encoding.UTF8.GetString(plaintext);
        return true;
    }

    /// <summary>The tokens of earlier builds: the payload in the clear and an HMAC-SHA256 over purpose and payload.</summary>
    private bool TryVerifySigned(string purpose, string token, out string payload)
    {
        payload = "";
        var dot = token.IndexOf('.');
        var data = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var tag = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        byte[] signed = [.. Encoding.UTF8.GetBytes(purpose), 0, .. data];
        if (!keys.Keys.Any(key => CryptographicOperations.FixedTimeEquals(tag, HMACSHA256.HashData(key.SigningKey, signed)[..SignedTagBytes])))
        {
            return false;
        }

        payload = Encoding.UTF8.GetString(data);
        return true;
    }
}
