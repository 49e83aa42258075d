using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Notifications.Testing;

/// <summary>
/// An SMTP server on loopback that answers as the test scripts it: a 5xx or 4xx for chosen recipients, or 421 at
/// the greeting during an outage. It speaks just enough of RFC 5321 for a submission client.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly X509Certificate2? _implicitTls;

    /// <param name="implicitTls">Speak TLS from the first byte under this certificate, as a server on port 465 does (RFC 8314).</param>
    public ScriptedSmtpServer(X509Certificate2? implicitTls = null)
    {
        _implicitTls = implicitTls;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Replies to RCPT TO for these addresses, such as "550 5.1.1 No such user" or "451 4.7.1 Try again later".</summary>
    public ConcurrentDictionary<string, string> RecipientReplies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>While set, every connection is greeted with 421 and closed, and an open one is told 421 at its next command.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Recipients whose message was taken.</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = await OpenAsync(client);
        if (stream is null)
        {
            return;
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        if (Unavailable)
        {
            await writer.WriteLineAsync("421 4.3.2 Service not available, closing transmission channel");
            return;
        }

        await writer.WriteLineAsync("220 fake.example ESMTP ready");
        string? recipient = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (Unavailable)
            {
                // A server going down says so to the sessions it has open, at their next command (RFC 5321 3.8).
                await writer.WriteLineAsync("421 4.3.2 Service not available, closing transmission channel");
                return;
            }

            var command = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (command)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250-fake.example");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "MAIL":
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT":
                    recipient = line[(line.IndexOf('<') + 1)..line.IndexOf('>')];
                    await writer.WriteLineAsync(RecipientReplies.TryGetValue(recipient, out var reply) ? reply : "250 2.1.5 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    while (await reader.ReadLineAsync() is { } data && data != ".")
                    {
                    }

                    Delivered.Enqueue(recipient ?? "");
                    await writer.WriteLineAsync("250 2.0.0 Queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private async Task<Stream?> OpenAsync(TcpClient client)
    {
        if (_implicitTls is null)
        {
            return client.GetStream();
        }

        var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(_implicitTls);
            return tls;
        }
        catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException)
        {
            await tls.DisposeAsync();
            return null;
        }
    }
}
