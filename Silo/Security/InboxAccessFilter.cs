using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// Admits a request to a user's inbox with the tenant's API key, or with an inbox token issued for that very user
/// (as a bearer token, or as <c>access_token</c> in the query for EventSource, which cannot set headers). An API key is
/// never taken from the query: URLs end up in logs, histories and Referer headers.
/// </summary>
internal sealed class InboxAccessFilter(ApiKeyAuthenticator authenticator, InboxTokens tokens) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var fromQuery = context.Request.Query["access_token"].ToString();
        var credential = fromQuery is { Length: > 0 } ? fromQuery : TenantFilter.Credential(context);
        ApiCaller? caller;
        if (tokens.TryRead(credential, out var tenant, out var userId))
        {
            if (context.Request.RouteValues["userId"] as string != userId)
            {
                return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This inbox token is for another user."));
            }

            // The token is the user's own: everything the inbox offers, for this inbox only.
            caller = new ApiCaller(tenant, ApiScopes.Read | ApiScopes.Manage);
        }
        else if (fromQuery.Length > 0 || !authenticator.TryAuthenticate(credential, out caller))
        {
            return ValueTask.FromResult<object?>(TenantFilter.Unauthorized(context));
        }

        return TenantFilter.Admit(context, caller) is { } refused ? ValueTask.FromResult<object?>(refused) : next(invocation);
    }
}
