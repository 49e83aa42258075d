namespace Notifications.Silo;

/// <summary>Admits a request only with a valid API key (Authorization: Bearer, or X-Api-Key) and records its tenant.</summary>
internal sealed class TenantFilter(ApiKeyAuthenticator authenticator) : IEndpointFilter
{
    private const string TenantItem = "notifications.tenant";

    public static string TenantOf(HttpContext context) =>
        context.Items[TenantItem] as string ?? throw new InvalidOperationException("The endpoint is not behind the tenant filter.");

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!authenticator.TryAuthenticate(Credential(context), out var tenant))
        {
            return ValueTask.FromResult<object?>(Unauthorized(context));
        }

        Admit(context, tenant);
        return next(invocation);
    }

    /// <summary>The bearer token or X-Api-Key the request carries.</summary>
    public static string Credential(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : context.Request.Headers["X-Api-Key"].ToString();
    }

    public static void Admit(HttpContext context, string tenant) => context.Items[TenantItem] = tenant;

    public static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "A valid API key is required.",
            detail: "Send the tenant's API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }
}
