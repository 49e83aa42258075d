namespace Notifications.Silo;

/// <summary>
/// Admits a request only with a valid API key (Authorization: Bearer, or X-Api-Key) that holds the scope its endpoint
/// needs (<see cref="RequiredScope"/>), and records who it acts as.
/// </summary>
internal sealed class TenantFilter(ApiKeyAuthenticator authenticator) : IEndpointFilter
{
    private const string CallerItem = "notifications.caller";

    private const string AuthenticatedItem = "notifications.authenticated";

    public static string TenantOf(HttpContext context) => CallerOf(context).Tenant;

    public static ApiCaller CallerOf(HttpContext context) =>
        context.Items[CallerItem] as ApiCaller ?? throw new InvalidOperationException("The endpoint is not behind the tenant filter.");

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!TryAuthenticate(context, authenticator, out var caller))
        {
            return ValueTask.FromResult<object?>(Unauthorized(context));
        }

        return Admit(context, caller) is { } refused ? ValueTask.FromResult<object?>(refused) : next(invocation);
    }

    /// <summary>
    /// Whom the request's key names, looked up once per request: the tenant's allowance of requests in progress
    /// (<see cref="TenantRequestAllowance"/>) asks before the body is read, this filter after.
    /// </summary>
    public static bool TryAuthenticate(HttpContext context, ApiKeyAuthenticator authenticator, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiCaller? caller)
    {
        if (context.Items[AuthenticatedItem] is ApiCaller known)
        {
            caller = known;
            return true;
        }

        if (!authenticator.TryAuthenticate(Credential(context), out caller))
        {
            return false;
        }

        context.Items[AuthenticatedItem] = caller;
        return true;
    }

    /// <summary>The bearer token or X-Api-Key the request carries.</summary>
    public static string Credential(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : context.Request.Headers["X-Api-Key"].ToString();
    }

    /// <summary>Records the caller, or answers 403 when it lacks the endpoint's scope.</summary>
    public static IResult? Admit(HttpContext context, ApiCaller caller)
    {
        var needed = RequiredScope.Of(context);
        if (!caller.May(needed))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: $"This API key lacks the '{needed.ToString().ToLowerInvariant()}' scope.",
                detail: "Use a key configured with that scope (Notifications:ApiKeys, Scopes).");
        }

        context.Items[CallerItem] = caller;
        return null;
    }

    public static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "A valid API key is required.",
            detail: "Send the tenant's API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }
}
