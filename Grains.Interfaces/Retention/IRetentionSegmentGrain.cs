namespace Notifications.Grains;

/// <summary>A sealed segment of a retention journal, keyed <c>journal/segment</c>: written once, read when the day expires.</summary>
[Alias("Notifications.Grains.IRetentionSegmentGrain")]
public interface IRetentionSegmentGrain : IGrainWithStringKey
{
    [Alias("StoreAsync")]
    Task StoreAsync(IReadOnlyList<RetainedRecord> records);

    [Alias("ReadAsync")]
    Task<IReadOnlyList<RetainedRecord>> ReadAsync();

    [Alias("ClearAsync")]
    Task ClearAsync();
}
