namespace Notifications.Grains.Tests;

public sealed class EmailTrackingTests
{
    [Fact]
    public void Every_absolute_http_link_goes_through_its_click_redirect_and_the_pixel_ends_the_body()
    {
        const string html = """<html><body><a href="https://a.example/x?p=1&amp;q=2">A</a> <A class="b" HREF='http://b.example/'>B</A> <a href="mailto:x@example.com">M</a> <a href="/relative">R</a></body></html>""";
        var targets = new List<string>();

        var tracked = EmailTracking.Instrument(html, "https://t.example/t/o/tok&1", target =>
        {
            targets.Add(target);
            return $"https://t.example/t/c/{targets.Count}";
        });

        Assert.Equal(["https://a.example/x?p=1&q=2", "http://b.example/"], targets);
        Assert.Contains("""<a href="https://t.example/t/c/1">A</a>""", tracked);
        Assert.Contains("""<A class="b" HREF='https://t.example/t/c/2'>B</A>""", tracked);
        Assert.Contains("""<a href="mailto:x@example.com">M</a> <a href="/relative">R</a>""", tracked);
        Assert.EndsWith("""<img src="https://t.example/t/o/tok&amp;1" width="1" height="1" alt="" style="display:block;border:0"></body></html>""", tracked);
    }

    [Fact]
    public void Without_tracking_the_html_is_left_as_it_is()
    {
        const string html = """<p><a href="https://a.example/">A</a></p>""";

        Assert.Equal(html, EmailTracking.Instrument(html, openPixel: null, _ => null));
    }
}
