namespace Notifications.Client;

public sealed record TemplateInfo(string Id, int Version, IReadOnlyDictionary<string, TemplateLocale> Locales, DateTimeOffset PublishedAt);
