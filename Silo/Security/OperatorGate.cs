using System.Net.Http.Headers;
using System.Text;

namespace Notifications.Silo;

/// <summary>
/// Lets only operators into a path that shows the whole cluster (the Orleans dashboard). A browser cannot add an API
/// key header to the dashboard's own requests, so the key is asked for as HTTP Basic authentication (RFC 7617): any
/// user name, the key as the password. The API's own ways (a Bearer token, <c>X-Api-Key</c>) work too, for tools.
/// </summary>
internal static class OperatorGate
{
    public static IApplicationBuilder UseOperatorGate(this IApplicationBuilder app, PathString path, string realm) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(path), branch => branch.Use(async (context, next) =>
        {
            var keys = context.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
            if (keys.TryAuthenticate(KeyOf(context), out var caller) && caller.May(ApiScopes.Admin))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{realm}\", charset=\"UTF-8\"";
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "An operator's API key is required.", Detail = "Give a key with the admin scope as the password of HTTP Basic authentication." },
            });
        }));

    /// <summary>The password of HTTP Basic authentication, or the key the API takes (Bearer, X-Api-Key).</summary>
    private static string? KeyOf(HttpContext context)
    {
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var authorization)
            && string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && authorization.Parameter is { } encoded)
        {
            try
            {
                var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                return credentials[(credentials.IndexOf(':') + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return TenantFilter.Credential(context);
    }
}
