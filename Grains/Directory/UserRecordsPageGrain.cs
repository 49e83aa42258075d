namespace Notifications.Grains;

/// <summary>Read only to export or erase a user: let go soon after.</summary>
[CollectionAgeLimit(Minutes = 1)]
public sealed class UserRecordsPageGrain([PersistentState("user-records-page")] IPersistentState<UserRecordsPageGrainState> page) : Grain, IUserRecordsPageGrain
{
    public Task WriteAsync(IReadOnlyList<UserRecord> records)
    {
        page.State.Records = [.. records];
        return page.WriteStateAsync();
    }

    public Task<IReadOnlyList<UserRecord>> GetAsync() => Task.FromResult<IReadOnlyList<UserRecord>>(page.State.Records.ToArray());

    public Task ClearAsync() => page.ClearStateAsync();
}
