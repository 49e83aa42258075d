namespace Notifications.Grains;

/// <summary>A tenant's templates, keyed by tenant; every change publishes a new version, and the latest versions are kept.</summary>
[Alias("Notifications.Grains.ITemplatesGrain")]
public interface ITemplatesGrain : IGrainWithStringKey
{
    /// <summary>The new version, or null when it would be a template more than the tenant may have.</summary>
    [Alias("PublishAsync")]
    Task<TemplateVersion?> PublishAsync(string templateId, IReadOnlyDictionary<string, TemplateContent> locales);

    /// <summary>A version, or the latest when <paramref name="version"/> is null; null when there is none.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<TemplateVersion?> GetAsync(string templateId, int? version);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<IReadOnlyList<TemplateSummary>> ListAsync();
}
