using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class SmtpErrorClassTests
{
    [Fact]
    public async Task Every_SMTP_reply_class_is_handled_as_it_should_be()
    {
        await using var smtp = new ScriptedSmtpServer();
        smtp.RecipientReplies["gone@example.org"] = "550 5.1.1 The email account that you tried to reach does not exist";
        smtp.RecipientReplies["full@example.org"] = "452 4.2.2 Mailbox full";
        await using var silo = await GrainsSilo.StartAsync(settings: Settings(smtp.Port));
        await silo.User("t", "gone").UpdateAsync(new UserUpdate(Email: "gone@example.org"));
        await silo.User("t", "full").UpdateAsync(new UserUpdate(Email: "full@example.org"));
        await silo.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));

        await silo.AcceptAsync("m-gone", new NotificationRequest("t", "gone", "Hi", Channel: ChannelNames.Email));
        await silo.AcceptAsync("m-full", new NotificationRequest("t", "full", "Hi", Channel: ChannelNames.Email));
        var gone = await silo.WaitForAsync("m-gone", NotificationStatus.Failed);
        var full = await silo.WaitForAsync("m-full", NotificationStatus.Scheduled);
        smtp.RecipientReplies.TryRemove("full@example.org", out _);
        var later = await silo.WaitForAsync("m-full", NotificationStatus.Sent);

        smtp.Unavailable = true;
        await silo.AcceptAsync("m-down", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email));
        var down = await silo.WaitForAsync("m-down", NotificationStatus.Scheduled);
        smtp.Unavailable = false;
        await silo.WaitForAsync("m-down", NotificationStatus.Sent);

        Assert.Contains("550", gone.History[^1].Reason);
        Assert.Contains((await silo.User("t", "gone").GetAsync()).Unreachable!, u => u is { Channel: "email", Address: "gone@example.org" });
        Assert.Contains("452", full.History[^1].Reason);
        Assert.True(later.Attempts >= 2);
        Assert.Contains("421", down.History[^1].Reason);
        Assert.Equal(["full@example.org", "ok@example.org"], smtp.Delivered.Order());
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_retried_and_known_not_to_have_the_mail()
    {
        var port = WebhookSink.FreePort();
        await using var silo = await GrainsSilo.StartAsync(settings: new(Settings(port)) { ["Notifications:Delivery:MaxAttempts"] = "1" });
        await silo.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));

        // at_most_once sends again only what certainly never left.
        await silo.AcceptAsync("m-refused", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email, Mode: DeliveryMode.AtMostOnce));
        var refused = await silo.WaitForAsync("m-refused", NotificationStatus.DeadLettered);

        Assert.StartsWith("Gave up after 1 attempts.", refused.History[^1].Reason);
    }

    [Fact]
    public async Task On_port_465_mail_goes_over_TLS_from_the_first_byte_and_a_certificate_nobody_vouches_for_is_refused()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // SslStream wants a certificate whose key it can use on this platform: one loaded from its own export.
        using var serving = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        await using var smtp = new ScriptedSmtpServer(implicitTls: serving);
        var implicitTls = new Dictionary<string, string?>(Settings(smtp.Port)) { ["Notifications:Providers:email:0:ImplicitTls"] = "true" };

        await using (var pinned = await GrainsSilo.StartAsync(settings: new(implicitTls) { ["Notifications:Providers:email:0:PinnedCertificateSha256"] = serving.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) }, silos: 1))
        {
            await pinned.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));
            await pinned.AcceptAsync("m-tls", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email));
            await pinned.WaitForAsync("m-tls", NotificationStatus.Sent);
        }

        await using var unpinned = await GrainsSilo.StartAsync(settings: implicitTls, silos: 1);
        await unpinned.User("t", "ok").UpdateAsync(new UserUpdate(Email: "ok@example.org"));
        await unpinned.AcceptAsync("m-untrusted", new NotificationRequest("t", "ok", "Hi", Channel: ChannelNames.Email));
        var refused = await unpinned.WaitForAsync("m-untrusted", NotificationStatus.DeadLettered);

        Assert.Equal(["ok@example.org"], smtp.Delivered);
        Assert.Contains("TLS failed", refused.History[^1].Reason);
    }

    private static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.050",
        ["Notifications:Email:From"] = "alerts@example.com",
        ["Notifications:Providers:email:0:Type"] = "smtp",
        ["Notifications:Providers:email:0:Host"] = "127.0.0.1",
        ["Notifications:Providers:email:0:Port"] = $"{port}",
        ["Notifications:Providers:email:0:StartTls"] = "false",
    };
}
