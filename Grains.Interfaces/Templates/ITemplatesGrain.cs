namespace Notifications.Grains;

/// <summary>A tenant's templates, keyed by tenant; every change publishes a new version and keeps the old ones.</summary>
[Alias("Notifications.Grains.ITemplatesGrain")]
public interface ITemplatesGrain : IGrainWithStringKey
{
    [Alias("PublishAsync")]
    Task<TemplateVersion> PublishAsync(string templateId, IReadOnlyDictionary<string, TemplateContent> locales);

    /// <summary>A version, or the latest when <paramref name="version"/> is null; null when there is none.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<TemplateVersion?> GetAsync(string templateId, int? version);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<IReadOnlyList<TemplateSummary>> ListAsync();
}
