using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>A tenant's templates, keyed by tenant; every change publishes a new version and keeps the old ones.</summary>
public interface ITemplatesGrain : IGrainWithStringKey
{
    Task<TemplateVersion> PublishAsync(string templateId, IReadOnlyDictionary<string, TemplateContent> locales);

    /// <summary>A version, or the latest when <paramref name="version"/> is null; null when there is none.</summary>
    [ReadOnly]
    Task<TemplateVersion?> GetAsync(string templateId, int? version);

    [ReadOnly]
    Task<IReadOnlyList<TemplateSummary>> ListAsync();
}
