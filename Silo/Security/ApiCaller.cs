namespace Notifications.Silo;

/// <summary>Who a request acts as: the tenant of its API key (or inbox token) and what that credential may do.</summary>
public sealed record ApiCaller(string Tenant, ApiScopes Scopes)
{
    public bool May(ApiScopes scope) => (Scopes & ApiScopes.Admin) != 0 || (Scopes & scope) == scope;
}
