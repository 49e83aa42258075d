namespace Notifications.Grains;

/// <summary>
/// The records of one tenant that finished on one day (one part of them), keyed <see cref="RetentionKeys.Journal"/>:
/// removed together once the tenant's retention has passed since the end of that day.
/// </summary>
[Alias("Notifications.Grains.IRetentionJournalGrain")]
public interface IRetentionJournalGrain : IGrainWithStringKey
{
    [Alias("AddAsync")]
    Task AddAsync(IReadOnlyList<RetainedRecord> records);

    /// <summary>Records listed, and records removed so far.</summary>
    [AlwaysInterleave]
    [Alias("ProgressAsync")]
    Task<(long Listed, long Removed)> ProgressAsync();
}
