namespace Notifications.Grains;

/// <summary>An SMTP submission server (route <c>email</c>, type <c>smtp</c>).</summary>
public sealed class SmtpSettings : ProviderSettings
{
    public string Host { get; set; } = "";

    /// <summary>587 for submission with STARTTLS by default.</summary>
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS before anything else is said; off only for a server on loopback or a private network.</summary>
    public bool StartTls { get; set; } = true;

    public string? UserName { get; set; }

    /// <summary>Never logged.</summary>
    public string? Password { get; set; }
}
