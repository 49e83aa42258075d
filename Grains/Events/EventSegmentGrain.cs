namespace Notifications.Grains;

[GrainType(GrainTypeName)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class EventSegmentGrain([PersistentState(EventSegmentGrainState.Name)] IPersistentState<EventSegmentGrainState> segment) : Grain, IEventSegmentGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "eventsegment";

    public async Task StoreAsync(IReadOnlyList<TenantEvent> events)
    {
        segment.State.Events = [.. events];
        await segment.WriteStateAsync();
    }

    public Task<IReadOnlyList<TenantEvent>> ReadAsync() => Task.FromResult<IReadOnlyList<TenantEvent>>(segment.State.Events);

    public async Task ClearAsync()
    {
        await segment.ClearStateAsync();
        DeactivateOnIdle();
    }
}
