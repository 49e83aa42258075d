namespace Notifications.Grains;

/// <summary>SendGrid's v3 Mail Send API (route <c>email</c>, type <c>sendgrid</c>).</summary>
public sealed class SendGridSettings : ProviderSettings
{
    /// <summary>An API key with the Mail Send permission. Never logged.</summary>
    public string ApiKey { get; set; } = "";

    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");

    /// <summary>
    /// The signed event webhook's verification key (base64, as SendGrid shows it). Without it, events posted to
    /// <c>/v1/callbacks/sendgrid/{name}</c> are refused: they could not be told from forgeries.
    /// </summary>
    public string? WebhookVerificationKey { get; set; }

    /// <summary>SendGrid validates and answers, but sends nothing: for a staging installation.</summary>
    public bool SandboxMode { get; set; }
}
