namespace Notifications.Client;

public sealed record TemplateSummaryInfo(string Id, int LatestVersion, IReadOnlyList<string> Locales, DateTimeOffset PublishedAt);
