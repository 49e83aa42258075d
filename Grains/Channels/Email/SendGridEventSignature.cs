using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// SendGrid's signed event webhook: an ECDSA P-256 / SHA-256 signature (DER, base64) over the timestamp header
/// followed by the raw body, checked with the verification key SendGrid shows for the webhook.
/// </summary>
public static class SendGridEventSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <param name="verificationKey">The webhook's public key: base64 of its DER SubjectPublicKeyInfo.</param>
    public static bool IsValid(string verificationKey, string timestamp, ReadOnlySpan<byte> body, string signature)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(verificationKey), out _);
            byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp), .. body];
            return key.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
