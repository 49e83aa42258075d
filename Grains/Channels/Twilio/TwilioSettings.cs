namespace Notifications.Grains;

/// <summary>A Twilio account, for SMS (route <c>sms</c>) or calls (route <c>voice</c>).</summary>
public sealed class TwilioSettings : ProviderSettings
{
    /// <summary><c>AC</c> and 32 hex digits.</summary>
    public string AccountSid { get; set; } = "";

    /// <summary>The account's auth token; it also verifies status callbacks. Never logged.</summary>
    public string AuthToken { get; set; } = "";

    /// <summary>An API key (<c>SK...</c>) to authenticate with instead of the auth token, with <see cref="ApiKeySecret"/>.</summary>
    public string? ApiKeySid { get; set; }

    public string? ApiKeySecret { get; set; }

    /// <summary>The sending number (E.164) or alphanumeric sender id; or give <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");
}
