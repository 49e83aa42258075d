namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.TemplateSummary")]
public sealed record TemplateSummary(string TemplateId, int LatestVersion, IReadOnlyList<string> Locales, DateTimeOffset PublishedAt);
