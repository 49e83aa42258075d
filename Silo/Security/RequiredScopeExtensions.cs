namespace Notifications.Silo;

internal static class RequiredScopeExtensions
{
    /// <summary>The API key must hold <paramref name="scope"/> (checked by <see cref="TenantFilter"/>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiScopes scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
