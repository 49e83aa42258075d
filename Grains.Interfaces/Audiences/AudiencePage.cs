namespace Notifications.Grains;

/// <summary>One page of a tenant's directory of users, scanned against a filter.</summary>
/// <param name="Matched">The users of the page the filter matches, in the order they joined the directory.</param>
/// <param name="Page">The directory page that was read.</param>
/// <param name="NextPage">The next directory page to read; null when this page was the last.</param>
/// <param name="Scanned">Users read in this page.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.AudiencePage")]
public sealed record AudiencePage(IReadOnlyList<string> Matched, int Page, int? NextPage, int Scanned);
