namespace Notifications.Client;

/// <param name="Matched">Users the filter matches now.</param>
/// <param name="Scanned">Users read: every user of the tenant.</param>
/// <param name="Sample">The first few users matched, in id order.</param>
public sealed record AudienceCount(long Matched, long Scanned, IReadOnlyList<string> Sample);
