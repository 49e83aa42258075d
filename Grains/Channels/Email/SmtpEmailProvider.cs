using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// Sends mail by SMTP submission: a text and an HTML part, the channel's headers, STARTTLS and AUTH as configured.
/// 5xx replies for a recipient are permanent for that address; 4xx and lost connections are retried.
/// </summary>
public sealed class SmtpEmailProvider(string name, SmtpSettings settings) : IDeliveryProvider<EmailMessage>
{
    public string Name => name;

    public async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var mail = Build(message);
        // One client per message: SmtpClient sends one message at a time; the pipeline bounds how many run at once.
        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.StartTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds),
        };
        if (settings.UserName is { Length: > 0 } user)
        {
            client.Credentials = new NetworkCredential(user, settings.Password);
        }

        try
        {
            await client.SendMailAsync(mail, cancellationToken);
            return new DeliveryResult(DeliveryOutcome.Sent, ProviderMessageId: message.Headers.GetValueOrDefault("Message-ID"), Provider: name);
        }
        catch (SmtpFailedRecipientException exception)
        {
            return Classify(exception.StatusCode, exception.Message, message.To);
        }
        catch (SmtpException exception)
        {
            return Classify(exception.StatusCode, exception.Message, recipient: null, exception.InnerException);
        }
    }

    private DeliveryResult Classify(SmtpStatusCode status, string text, string? recipient, Exception? inner = null)
    {
        var code = (int)status;
        var reason = $"{name} answered {(code > 0 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "nothing")}: {text}{(inner is null ? "" : $" ({inner.Message})")}";
        return code switch
        {
            // No reply: refused before a word was said proves nothing went out; a timeout later may have.
            <= 0 => new DeliveryResult(DeliveryOutcome.Transient, reason, MayHaveBeenDelivered: inner is not System.Net.Sockets.SocketException, Provider: name),
            >= 400 and < 500 => new DeliveryResult(DeliveryOutcome.Transient, reason, Provider: name),
            // 550 mailbox unavailable, 551, 553 bad address: this recipient will never take it.
            550 or 551 or 553 when recipient is not null => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: name, DeadAddresses: [recipient]),
            >= 500 when recipient is not null => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: name),
            // Authentication, a sender not allowed, TLS required: the configuration is wrong.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: name),
        };
    }

    private static MailMessage Build(EmailMessage message)
    {
        var mail = new MailMessage
        {
            From = new MailAddress(message.From, message.FromName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        mail.To.Add(new MailAddress(message.To));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.Text, Encoding.UTF8, MediaTypeNames.Text.Plain));
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.Html, Encoding.UTF8, MediaTypeNames.Text.Html));
        foreach (var (header, value) in message.Headers)
        {
            mail.Headers[header] = value;
        }

        return mail;
    }
}
