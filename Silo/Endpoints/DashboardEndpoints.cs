namespace Notifications.Silo;

/// <summary>
/// The dashboard at <c>/</c>: one self-contained page (no scripts from elsewhere) that draws the tenant's live
/// statistics from <c>/v1/stats/stream</c>, asking for an API key when the silo has them.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Notifications.Silo.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the silo.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) =>
        {
            // Only the page's own script and style run, by a nonce made for this answer; nothing inline, nothing from
            // elsewhere, and no other site may frame it.
            var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Content-Security-Policy"] =
                $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Content(Page.Value.Replace("{{nonce}}", nonce, StringComparison.Ordinal), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
