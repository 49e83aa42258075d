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
}
