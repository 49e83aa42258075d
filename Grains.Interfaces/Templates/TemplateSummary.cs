namespace Notifications.Grains;

public sealed record TemplateSummary(string TemplateId, int LatestVersion, IReadOnlyList<string> Locales, DateTimeOffset PublishedAt);
