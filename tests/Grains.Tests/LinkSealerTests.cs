using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class LinkSealerTests
{
    private static readonly byte[] OldMaster = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly byte[] NewMaster = Enumerable.Repeat((byte)9, 32).ToArray();

    [Fact]
    public void A_sealed_token_opens_for_its_purpose_only_and_shows_nothing_of_what_it_holds()
    {
        var sealer = new LinkSealer(LinkKeys.DerivedFrom(NewMaster));

        var token = sealer.Seal("click", "acme\nivy@example.org\nn1\nhttps://shop.example.com/secret-offer");
        var opened = sealer.TryOpen("click", token, out var payload);
        var asOpen = sealer.TryOpen("open", token, out _);
        var bytes = Base64Url.DecodeFromChars(token);
        bytes[^1] ^= 1;
        var altered = sealer.TryOpen("click", Base64Url.EncodeToString(bytes), out _);

        Assert.True(opened);
        Assert.Equal("acme\nivy@example.org\nn1\nhttps://shop.example.com/secret-offer", payload);
        Assert.False(asOpen);
        Assert.False(altered);
        var visible = Encoding.Latin1.GetString(Base64Url.DecodeFromChars(token));
        Assert.DoesNotContain("acme", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("ivy", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("shop", visible, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_names_its_key_so_one_sealed_under_a_replaced_master_key_still_opens_while_that_key_is_kept()
    {
        var before = new LinkSealer(LinkKeys.DerivedFrom(OldMaster));
        var after = new LinkSealer(LinkKeys.DerivedFrom(NewMaster, OldMaster));
        var forgotten = new LinkSealer(LinkKeys.DerivedFrom(NewMaster));

        var token = before.Seal("unsubscribe", "acme\nivy\n\nn1");

        Assert.Equal(LinkKey.DerivedFrom(OldMaster).Id, Base64Url.DecodeFromChars(token)[..LinkKey.IdBytes]);
        Assert.True(after.TryOpen("unsubscribe", token, out var payload));
        Assert.Equal("acme\nivy\n\nn1", payload);
        Assert.False(forgotten.TryOpen("unsubscribe", token, out _));
        Assert.Equal(LinkKey.DerivedFrom(NewMaster).Id, Base64Url.DecodeFromChars(after.Seal("unsubscribe", "x"))[..LinkKey.IdBytes]);
    }

    [Fact]
    public void A_signed_link_of_an_earlier_build_still_opens_and_a_forged_one_does_not()
    {
        var sealer = new LinkSealer(LinkKeys.DerivedFrom(OldMaster));
        var signingKey = LinkKey.DerivedFrom(OldMaster).SigningKey;

        var earlier = Signed(signingKey, "unsubscribe", "acme\nivy\nmarketing");
        var forged = Signed(new byte[32], "unsubscribe", "acme\nivy\nmarketing");
        var links = new UnsubscribeLinks(sealer, Options.Create(new ServiceUrlOptions()));

        Assert.True(links.TryRead(earlier, out var link));
        Assert.Equal(new UnsubscribeLink("acme", "ivy", "marketing", null), link);
        Assert.False(links.TryRead(forged, out _));
    }

    [Fact]
    public void A_tracking_link_counts_for_a_year_and_still_leads_on_after()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var links = new TrackingLinks(new LinkSealer(LinkKeys.DerivedFrom(NewMaster)), Options.Create(new ServiceUrlOptions { PublicBaseUrl = new Uri("https://notify.example.com") }), time);
        var token = new Uri(links.Click("acme", "ivy", "n1", "https://shop.example.com/a?b=c")!).Segments[^1];

        var fresh = links.TryReadClick(token, out var whileCurrent);
        time.Advance(TrackingLinks.Lifetime + TimeSpan.FromSeconds(1));
        var stale = links.TryReadClick(token, out var afterwards);

        Assert.True(fresh && stale);
        Assert.Equal(new TrackedLink("acme", "ivy", "n1", "https://shop.example.com/a?b=c", Current: true), whileCurrent);
        Assert.Equal(whileCurrent with { Current = false }, afterwards);
        Assert.False(links.TryReadOpen(token, out _));
    }

    /// <summary>How builds before sealing made a token: the payload readable, an HMAC-SHA256 over purpose and payload.</summary>
    private static string Signed(byte[] key, string purpose, string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        var tag = HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes(purpose), 0, .. data])[..16];
        return $"{Base64Url.EncodeToString(data)}.{Base64Url.EncodeToString(tag)}";
    }
}
