using System.Text;

namespace Notifications.Grains.Tests;

public sealed class WebhookSignatureTests
{
    private const string ReferenceSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string ReferenceId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long ReferenceTimestamp = 1614265330;
    private static readonly byte[] ReferenceBody = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    [Fact]
    public void Signing_reproduces_the_standard_webhooks_reference_vector()
    {
        Assert.True(WebhookSecret.TryParse(ReferenceSecret, out var key));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(key, ReferenceId, ReferenceTimestamp, ReferenceBody));
    }

    [Fact]
    public void Verification_accepts_any_listed_signature_and_rejects_tampering_and_stale_timestamps()
    {
        WebhookSecret.TryParse(ReferenceSecret, out var key);
        var at = DateTimeOffset.FromUnixTimeSeconds(ReferenceTimestamp);
        const string rotated = "v1,bm90IHRoaXMgb25l v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        Assert.True(WebhookSignature.Verify(key, ReferenceId, "1614265330", rotated, ReferenceBody, at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(key, ReferenceId, "1614265330", rotated, Encoding.UTF8.GetBytes("{\"test\": 1}"), at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(key, "msg_other", "1614265330", rotated, ReferenceBody, at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(key, ReferenceId, "1614265330", rotated, ReferenceBody, at.AddMinutes(6), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("whsec_tooshort")]
    [InlineData("not base64 at all!")]
    [InlineData("whsec_")]
    public void Malformed_secrets_are_refused(string secret) => Assert.False(WebhookSecret.TryParse(secret, out _));

    [Fact]
    public void Generated_secrets_parse_and_differ()
    {
        var first = WebhookSecret.Generate();

        Assert.StartsWith("whsec_", first);
        Assert.True(WebhookSecret.TryParse(first, out var key));
        Assert.Equal(32, key.Length);
        Assert.NotEqual(first, WebhookSecret.Generate());
    }
}
