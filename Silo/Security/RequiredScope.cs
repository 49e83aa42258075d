namespace Notifications.Silo;

/// <summary>
/// Endpoint metadata naming the scope a call needs. Without it a read (GET) needs <see cref="ApiScopes.Read"/> and
/// any other method <see cref="ApiScopes.Manage"/>; sends and operator views say so explicitly.
/// </summary>
public sealed record RequiredScope(ApiScopes Scope)
{
    public static ApiScopes Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope
        ?? (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? ApiScopes.Read : ApiScopes.Manage);
}
