namespace Notifications.Grains;

[GrainType(GrainTypeName)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class RetentionSegmentGrain([PersistentState(RetentionSegmentGrainState.Name)] IPersistentState<RetentionSegmentGrainState> segment) : Grain, IRetentionSegmentGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "retentionsegment";

    public async Task StoreAsync(IReadOnlyList<RetainedRecord> records)
    {
        segment.State.Records = [.. records];
        await segment.WriteStateAsync();
    }

    public Task<IReadOnlyList<RetainedRecord>> ReadAsync() => Task.FromResult<IReadOnlyList<RetainedRecord>>(segment.State.Records);

    public async Task ClearAsync()
    {
        await segment.ClearStateAsync();
        DeactivateOnIdle();
    }
}
