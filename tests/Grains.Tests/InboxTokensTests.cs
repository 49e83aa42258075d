using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class InboxTokensTests
{
    [Fact]
    public void A_token_names_its_tenant_and_user_until_it_expires_and_serves_no_other_purpose()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var sealer = new LinkSealer(LinkKeys.DerivedFrom(new byte[32]));
        var tokens = new InboxTokens(new UserTokens(sealer, time));
        var other = new InboxTokens(new UserTokens(new LinkSealer(LinkKeys.DerivedFrom(Enumerable.Repeat((byte)1, 32).ToArray())), time));
        var preferences = new PreferenceLinks(new UserTokens(sealer, time), Microsoft.Extensions.Options.Options.Create(new ServiceUrlOptions()));

        var (token, expiresAt) = tokens.Issue("acme", "ivy", TimeSpan.FromHours(24));
        var valid = tokens.TryRead(token, out var tenant, out var user);
        var underAnotherKey = other.TryRead(token, out _, out _);
        var asPreferenceLink = preferences.TryRead(token, out _, out _);
        time.Advance(TimeSpan.FromHours(24));
        var expired = tokens.TryRead(token, out _, out _);

        Assert.True(valid);
        Assert.Equal(("acme", "ivy"), (tenant, user));
        Assert.Equal(time.GetUtcNow(), expiresAt);
        Assert.False(underAnotherKey);
        Assert.False(asPreferenceLink);
        Assert.False(expired);
    }
}
