using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Notifications.Grains;

/// <summary>
/// Sends mail by SMTP submission with MailKit: a text and an HTML part, the channel's headers, implicit TLS (465) or
/// STARTTLS, AUTH as configured, over connections kept open between messages. 5xx replies for a recipient are
/// permanent for that address; 4xx and lost connections are retried, and only a connection refused before a word
/// was said proves the message never left.
/// </summary>
public sealed class SmtpEmailProvider(string name, SmtpSettings settings) : IDeliveryProvider<EmailMessage>, IDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];

    public string Name => name;

    public async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var mail = Build(message);
        SmtpClient? client = null;
        var connected = false;
        try
        {
            client = await RentAsync(cancellationToken);
            connected = true;
            await client.SendAsync(mail, cancellationToken);
            Return(client);
            client = null;
            return new DeliveryResult(DeliveryOutcome.Sent, ProviderMessageId: message.Headers.GetValueOrDefault("Message-ID"), Provider: name);
        }
        catch (SmtpCommandException exception)
        {
            if (client?.IsConnected == true && exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted)
            {
                // The server said no to this message and is ready for the next (MailKit has reset the transaction).
                Return(client);
                client = null;
            }

            return Classify((int)exception.StatusCode, exception.Message,
                exception.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? message.To : null, mayHaveBeenDelivered: false);
        }
        catch (AuthenticationException exception)
        {
            // MailKit's message starts with the server's reply ("535: ...").
            return HttpAnswers.CredentialsRefused($"{name} answered {exception.Message}", name);
        }
        catch (SslHandshakeException exception)
        {
            return HttpAnswers.CredentialsRefused($"{name}: TLS failed ({exception.Message})", name);
        }
        catch (SocketException exception) when (!connected)
        {
            // Refused before a word was said: nothing went out.
            return Classify(0, exception.Message, recipient: null, mayHaveBeenDelivered: false);
        }
        catch (Exception exception) when (exception is SmtpProtocolException or IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The connection broke mid-way: the server may have taken the message before it went.
            return Classify(0, exception.Message, recipient: null, mayHaveBeenDelivered: connected);
        }
        finally
        {
            client?.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            client.Dispose();
        }
    }

    private async Task<SmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.IsConnected)
            {
                return idle;
            }

            idle.Dispose();
        }

        var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds) };
        if (settings.PinnedCertificateSha256 is { Length: > 0 } pinned)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == System.Net.Security.SslPolicyErrors.None
                || certificate is not null && string.Equals(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), pinned.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            var security = settings.ImplicitTls ?? settings.Port == 465 ? SecureSocketOptions.SslOnConnect
                : settings.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
            if (settings.UserName is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private void Return(SmtpClient client)
    {
        if (client.IsConnected && _idle.Count < settings.MaxIdleConnections)
        {
            _idle.Add(client);
        }
        else
        {
            client.Dispose();
        }
    }

    private DeliveryResult Classify(int code, string text, string? recipient, bool mayHaveBeenDelivered)
    {
        var reason = $"{name} answered {(code > 0 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "nothing")}: {text}";
        return code switch
        {
            <= 0 => new DeliveryResult(DeliveryOutcome.Transient, reason, MayHaveBeenDelivered: mayHaveBeenDelivered, Provider: name, ProviderFault: true),
            // 4xx at a recipient (a full mailbox, greylisting) is about that recipient; 421, or at any other step, the server's.
            >= 400 and < 500 => new DeliveryResult(DeliveryOutcome.Transient, reason, Provider: name, ProviderFault: code == 421 || recipient is null),
            // 550 mailbox unavailable, 551, 553 bad address: this recipient will never take it.
            550 or 551 or 553 when recipient is not null => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: name, DeadAddresses: [recipient]),
            >= 500 when recipient is not null => new DeliveryResult(DeliveryOutcome.PermanentRecipient, reason, Provider: name),
            // Authentication, a sender not allowed, TLS required: the configuration is wrong.
            _ => new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: name),
        };
    }

    private static MimeMessage Build(EmailMessage message)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(message.FromName ?? "", message.From));
        mail.To.Add(MailboxAddress.Parse(message.To));
        mail.Subject = message.Subject;
        mail.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        foreach (var (field, value) in message.Headers)
        {
            // The channel's headers are ASCII and go out as written: MimeKit would put each URL of a List-Unsubscribe
            // on a line of its own, which some receivers read back with a leading space that one-click unsubscribe
            // (RFC 8058) parsers do not all forgive.
            var header = new Header(field, value);
            if (System.Text.Ascii.IsValid(value))
            {
                header.SetRawValue(System.Text.Encoding.ASCII.GetBytes($" {value}\r\n"));
            }

            mail.Headers.Replace(header);
        }

        return mail;
    }
}
