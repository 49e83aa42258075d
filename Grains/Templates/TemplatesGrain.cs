
namespace Notifications.Grains;

public sealed class TemplatesGrain(
    [PersistentState("templates")] IPersistentState<TemplatesGrainState> templates,
    TimeProvider time) : Grain, ITemplatesGrain
{
    public async Task<TemplateVersion?> PublishAsync(string templateId, IReadOnlyDictionary<string, TemplateContent> locales)
    {
        if (!templates.State.Templates.TryGetValue(templateId, out var versions))
        {
            if (templates.State.Templates.Count >= TemplateLimits.MaxTemplates)
            {
                return null;
            }

            templates.State.Templates[templateId] = versions = [];
        }

        // Numbered on from the latest, which is always kept, so that a number never comes back for other content.
        var version = new TemplateVersion(templateId, versions.Count == 0 ? 1 : versions[^1].Version + 1, new Dictionary<string, TemplateContent>(locales, StringComparer.OrdinalIgnoreCase), time.GetUtcNow());
        versions.Add(version);
        if (versions.Count > TemplateLimits.VersionsKept)
        {
            versions.RemoveRange(0, versions.Count - TemplateLimits.VersionsKept);
        }

        await templates.WriteStateAsync();
        return version;
    }

    public Task<TemplateVersion?> GetAsync(string templateId, int? version) => Task.FromResult(
        templates.State.Templates.TryGetValue(templateId, out var versions) && versions.Count > 0
            ? version is { } number ? versions.FirstOrDefault(v => v.Version == number) : versions[^1]
            : null);

    public Task<IReadOnlyList<TemplateSummary>> ListAsync() => Task.FromResult<IReadOnlyList<TemplateSummary>>(
        templates.State.Templates.Values
            .Where(versions => versions.Count > 0)
            .Select(versions => versions[^1])
            .OrderBy(v => v.TemplateId, StringComparer.Ordinal)
            .Select(v => new TemplateSummary(v.TemplateId, v.Version, v.Locales.Keys.Order(StringComparer.Ordinal).ToArray(), v.PublishedAt))
            .ToArray());
}
