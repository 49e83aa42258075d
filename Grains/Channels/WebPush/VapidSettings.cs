namespace Notifications.Grains;

/// <summary>Web push with VAPID (route <c>webpush</c>, type <c>vapid</c>, RFC 8292).</summary>
public sealed class VapidSettings : ProviderSettings
{
    /// <summary>A <c>mailto:</c> or <c>https:</c> contact the push services can reach the operator at.</summary>
    public string Subject { get; set; } = "";

    /// <summary>
    /// The application server's P-256 private key, base64url of its 32 bytes. Never logged. Browsers subscribe
    /// with its public key (the <c>applicationServerKey</c>), the 65-byte uncompressed point.
    /// </summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>The public key browsers subscribe with (<c>applicationServerKey</c>): base64url of the uncompressed point.</summary>
    public string PublicKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            D = System.Buffers.Text.Base64Url.DecodeFromChars(PrivateKey),
        });
        return System.Buffers.Text.Base64Url.EncodeToString(WebPushEncryption.Uncompressed(key.ExportParameters(includePrivateParameters: false).Q));
    }
}
