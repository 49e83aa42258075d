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
        string instrumented;
        try
        {
            instrumented = LinkPattern().Replace(html, match =>
            {
                var (url, quote) = match.Groups["double"].Success ? (match.Groups["double"].Value, '"') : (match.Groups["single"].Value, '\'');
                return clickFor(WebUtility.HtmlDecode(url)) is { } click
                    ? $"{match.Groups["before"].Value}{quote}{WebUtility.HtmlEncode(click)}{quote}"
                    : match.Value;
            });
        }
        catch (RegexMatchTimeoutException)
        {
            // Never a message lost for its tracking: html the pattern cannot get through in time goes as it was written.
            instrumented = html;
        }

        if (openPixel is null)
        {
            return instrumented;
        }

        var pixel = $"<img src=\"{WebUtility.HtmlEncode(openPixel)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">";
        var end = instrumented.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end >= 0 ? instrumented.Insert(end, pixel) : instrumented + pixel;
    }

    /// <summary>
    /// The href of an anchor, quoted either way; only absolute http(s) targets are tracked. The html is the tenant's: the
    /// pattern runs without backtracking (linear in the html), and under a timeout all the same.
    /// </summary>
    [GeneratedRegex("""(?<before><a\s[^>]*?\bhref\s*=\s*)(?:"(?<double>https?://[^"'\s>]+)"|'(?<single>https?://[^"'\s>]+)')""", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 2000)]
    private static partial Regex LinkPattern();
}
