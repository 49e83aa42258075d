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
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; script-src 'unsafe-inline'; style-src 'unsafe-inline'";
            return Results.Content(Page.Value, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
