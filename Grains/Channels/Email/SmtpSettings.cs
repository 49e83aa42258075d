namespace Notifications.Grains;

/// <summary>An SMTP submission server (route <c>email</c>, type <c>smtp</c>).</summary>
public sealed class SmtpSettings : ProviderSettings
{
    public string Host { get; set; } = "";

    /// <summary>587 for submission with STARTTLS by default; 465 speaks TLS from the first byte (implicit TLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS before anything else is said; off only for a server on loopback or a private network.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>TLS from the first byte (RFC 8314); on by default for port 465.</summary>
    public bool? ImplicitTls { get; set; }

    /// <summary>
    /// The SHA-256 fingerprint (hex) of a server certificate to accept though no trusted root vouches for it: a relay
    /// on a private network with a certificate of its own making. Any other certificate is checked as usual.
    /// </summary>
    public string? PinnedCertificateSha256 { get; set; }

    public string? UserName { get; set; }

    /// <summary>Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Connections kept open for the next message, each sending one message at a time.</summary>
    public int MaxIdleConnections { get; set; } = 8;
}
