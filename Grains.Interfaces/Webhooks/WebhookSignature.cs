using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>Standard Webhooks 1.0 signatures: <c>v1,</c> and base64 HMAC-SHA256 over <c>id.timestamp.body</c>.</summary>
public static class WebhookSignature
{
    public static string Sign(byte[] key, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        // Signed once per delivery: the signed content is put together in a pooled buffer rather than in fresh arrays, and
        // cleared before it goes back (it holds the notification).
        var timestampText = timestamp.ToString(CultureInfo.InvariantCulture);
        var length = Encoding.UTF8.GetByteCount(messageId) + timestampText.Length + 2 + body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var content = rented.AsSpan(0, length);
            var at = Encoding.UTF8.GetBytes(messageId, content);
            content[at++] = (byte)'.';
            at += Encoding.ASCII.GetBytes(timestampText, content[at..]);
            content[at++] = (byte)'.';
            body.CopyTo(content[at..]);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, content, hash);
            return "v1," + Convert.ToBase64String(hash);
        }
        finally
        {
            rented.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// What a receiver does: any listed v1 signature matches in constant time, and the timestamp is within the
    /// tolerance of now.
    /// </summary>
    public static bool Verify(byte[] key, string messageId, string timestampHeader, string signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        // Compared in seconds, so that no timestamp, however far off, is out of a date's range.
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs((double)now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, messageId, timestamp, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)))
            {
                return true;
            }
        }

        return false;
    }
}
