namespace Notifications.Grains;

/// <summary>SendGrid's v3 Mail Send API (route <c>email</c>, type <c>sendgrid</c>).</summary>
public sealed class SendGridSettings : ProviderSettings
{
    /// <summary>An API key with the Mail Send permission. Never logged.</summary>
    public string ApiKey { get; set; } = "";

    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");

    /// <summary>SendGrid validates and answers, but sends nothing: for a staging installation.</summary>
    public bool SandboxMode { get; set; }
}
