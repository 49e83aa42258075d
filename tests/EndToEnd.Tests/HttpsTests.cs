using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Notifications.Testing;

namespace Notifications.EndToEnd.Tests;

public sealed class HttpsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("https-").FullName;

    [Fact]
    public async Task Given_a_certificate_the_silo_serves_https_with_kestrels_own_settings()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(_data, "silo.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        var (httpPort, httpsPort) = (WebhookSink.FreePort(), WebhookSink.FreePort());

        await using var silo = await SiloProcess.StartAsync(_data, httpPort, new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel__Endpoints__Https__Url"] = $"https://127.0.0.1:{httpsPort}",
            ["Kestrel__Endpoints__Https__Certificate__Path"] = pfx,
            ["Kestrel__Endpoints__Https__Certificate__Password"] = "test-password",
        });
        using var handler = new HttpClientHandler
        {
            // Trusts exactly the certificate the test made, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}/") };

        var answer = await https.GetAsync("health/live");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
