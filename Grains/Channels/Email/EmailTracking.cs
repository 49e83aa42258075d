using System.Net;
using System.Text.RegularExpressions;

namespace Notifications.Grains;

/// <summary>
/// Makes an email's HTML report its engagement: every http(s) link goes through a signed click redirect, and a
/// 1x1 pixel before the end of the body reports the open (as far as the mail client loads images).
/// </summary>
public static partial class EmailTracking
{
    public static string Instrument(string html, string? openPixel, Func<string, string?> clickFor)
    {
        var instrumented = LinkPattern().Replace(html, match =>
        {
            var target = WebUtility.HtmlDecode(match.Groups["url"].Value);
            return clickFor(target) is { } click
                ? $"{match.Groups["before"].Value}{WebUtility.HtmlEncode(click)}{match.Groups["quote"].Value}"
                : match.Value;
        });
        if (openPixel is null)
        {
            return instrumented;
        }

        var pixel = $"<img src=\"{WebUtility.HtmlEncode(openPixel)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">";
        var end = instrumented.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end >= 0 ? instrumented.Insert(end, pixel) : instrumented + pixel;
    }

    /// <summary>The href of an anchor, quoted either way; only absolute http(s) targets are tracked.</summary>
    [GeneratedRegex("""(?<before><a\s[^>]*?\bhref\s*=\s*(?<quote>["']))(?<url>https?://[^"'\s>]+)\k<quote>""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();
}
