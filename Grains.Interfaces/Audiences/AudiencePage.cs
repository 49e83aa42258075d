namespace Notifications.Grains;

/// <summary>One page of a tenant's users, scanned against a filter.</summary>
/// <param name="Matched">The users of the page the filter matches, in key order.</param>
/// <param name="LastKey">Where the next page starts after; null when this page was the last.</param>
/// <param name="Scanned">Users read in this page.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.AudiencePage")]
public sealed record AudiencePage(IReadOnlyList<string> Matched, string? LastKey, int Scanned);
