namespace Notifications.Grains;

/// <summary>
/// How much a tenant's templates may grow: each publish rewrites the tenant's templates state, so it is bounded like
/// every state that grows per request.
/// </summary>
public static class TemplateLimits
{
    public const int MaxTemplates = 1_000;

    /// <summary>Versions kept of each template, the latest; a send pinned to an older one fails, saying so.</summary>
    public const int VersionsKept = 20;

    public const int MaxLocales = 100;
}
