namespace Notifications.Silo;

/// <summary>
/// What every page opened from a link in a message answers with: a policy that lets it do nothing but post its own
/// form (and use its own style, by nonce), no framing by another site, and no address leaked onward, since the link's
/// token is its credential.
/// </summary>
internal static class LinkPages
{
    public static void Protect(HttpContext context, string? styleNonce = null)
    {
        var style = styleNonce is null ? "" : $"style-src 'nonce-{styleNonce}'; ";
        context.Response.Headers["Content-Security-Policy"] = $"default-src 'none'; {style}form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
