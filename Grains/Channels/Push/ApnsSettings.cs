namespace Notifications.Grains;

/// <summary>Apple Push Notification service with a token signing key (route <c>apns</c>, type <c>apns</c>).</summary>
public sealed class ApnsSettings : ProviderSettings
{
    /// <summary>The 10-character team id the key belongs to.</summary>
    public string TeamId { get; set; } = "";

    /// <summary>The 10-character id of the .p8 key.</summary>
    public string KeyId { get; set; } = "";

    /// <summary>The .p8 key's content (PEM, PKCS #8, P-256). Never logged.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>The app's bundle id, sent as <c>apns-topic</c>.</summary>
    public string BundleId { get; set; } = "";

    /// <summary><c>https://api.push.apple.com</c>; <c>https://api.sandbox.push.apple.com</c> for development builds.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.push.apple.com");

    /// <summary>How long a provider token is used: Apple refuses one older than an hour and throttles refreshes more often than every 20 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(50);
}
