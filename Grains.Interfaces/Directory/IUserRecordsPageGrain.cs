namespace Notifications.Grains;

/// <summary>A sealed page of a user's records, keyed <c>tenant/user/page</c> (<see cref="DirectoryKey.RecordsPage"/>).</summary>
[Alias("Notifications.Grains.IUserRecordsPageGrain")]
public interface IUserRecordsPageGrain : IGrainWithStringKey
{
    [Alias("WriteAsync")]
    Task WriteAsync(IReadOnlyList<UserRecord> records);

    [ReadOnly]
    [Alias("GetAsync")]
    Task<IReadOnlyList<UserRecord>> GetAsync();

    [Alias("ClearAsync")]
    Task ClearAsync();
}
