namespace Notifications.Grains;

/// <summary>
/// Where everything sent to a user is kept, keyed like the user (<c>tenant/user</c>): the notifications with a record of
/// their own and the batches' pages that hold one, so that what is held about the user can be exported or erased
/// without a walk of the storage. Keyed by a page of users instead (<see cref="DirectoryKey.SendsOver"/>), the fan-out
/// pages of the sends to many that went over it. The latest few are here; older ones in sealed pages
/// (<see cref="IUserRecordsPageGrain"/>).
/// </summary>
[Alias("Notifications.Grains.IUserRecordsGrain")]
public interface IUserRecordsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a record, durably before it answers; one there already is not added twice. In a <paramref name="bulk"/>
    /// send the activation is let go afterwards.
    /// </summary>
    [Alias("AddAsync")]
    Task AddAsync(UserRecord record, bool bulk = false);

    [ReadOnly]
    [Alias("GetAsync")]
    Task<UserRecords> GetAsync();

    /// <summary>Forgets every record and sealed page (the user was erased).</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
