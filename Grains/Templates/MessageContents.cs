using System.Collections.Concurrent;

namespace Notifications.Grains;

/// <summary>
/// What a channel shows for a delivery: the notification's title and message, or its pinned template version
/// rendered in the user's locale. Versions never change once published, so each is fetched from its grain once.
/// </summary>
public sealed class MessageContents(TemplateRenderer renderer)
{
    private const int MaxCachedVersions = 1_000;

    private readonly ConcurrentDictionary<(string Tenant, string Template, int Version), TemplateVersion> _versions = new();

    public async Task<MessageContent> ForAsync(Delivery delivery, string channel, IGrainFactory grains)
    {
        var request = delivery.Request;
        if (request.TemplateId is not { } templateId)
        {
            return new MessageContent(request.Title, request.Message);
        }

        var version = await VersionAsync(request.Tenant, templateId, request.TemplateVersion, grains)
            ?? throw new InvalidOperationException($"Template '{templateId}' version {request.TemplateVersion} no longer exists.");
        var (_, content) = version.For(delivery.Language);
        var context = TemplateRenderer.Context(request.UserId, delivery.Language, delivery.Attributes, request.Data, request.Variables);
        return renderer.Render(content, channel, context);
    }

    /// <summary>
    /// Why the notification's template cannot be rendered for this channel and user (a variable it needs outside any
    /// block is missing, or the version it was pinned to is no longer kept), or null when it can or there is no template. A send to one user was checked at the front
    /// door; a send to a topic's subscribers meets each user's attributes only here.
    /// </summary>
    public async Task<string?> MissingAsync(Delivery delivery, string channel, IGrainFactory grains)
    {
        var request = delivery.Request;
        if (request.TemplateId is not { } templateId)
        {
            return null;
        }

        if (await VersionAsync(request.Tenant, templateId, request.TemplateVersion, grains) is not { } version)
        {
            return $"Template '{templateId}' version {request.TemplateVersion} is no longer kept (the latest {TemplateLimits.VersionsKept} of each template are).";
        }

        var (locale, content) = version.For(delivery.Language);
        var context = TemplateRenderer.Context(request.UserId, delivery.Language, delivery.Attributes, request.Data, request.Variables);
        var missing = renderer.Missing(content, [channel], context);
        return missing.Count == 0
            ? null
            : $"Template '{templateId}' version {version.Version} ({locale}) uses {string.Join(", ", missing.Select(m => $"{{{{{m.Variable}}}}} in its {m.Field}"))}, which user '{request.UserId}' lacks.";
    }

    private async Task<TemplateVersion?> VersionAsync(string tenant, string templateId, int? number, IGrainFactory grains)
    {
        if (number is { } pinned && _versions.TryGetValue((tenant, templateId, pinned), out var cached))
        {
            return cached;
        }

        var version = await grains.GetGrain<ITemplatesGrain>(tenant).GetAsync(templateId, number);
        if (version is not null)
        {
            if (_versions.Count > MaxCachedVersions)
            {
                _versions.Clear();
            }

            _versions[(tenant, templateId, version.Version)] = version;
        }

        return version;
    }
}
