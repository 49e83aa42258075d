namespace Notifications.Grains;

/// <summary>
/// One page of a tenant's users, keyed <c>tenant/page</c> (<see cref="DirectoryKey"/>). A user listed on a page whose
/// grain does not name that page (a crash between the two writes, a life since deleted) is not theirs: readers ask the
/// user grain, which answers only for its own page.
/// </summary>
[Alias("Notifications.Grains.IUserDirectoryPageGrain")]
public interface IUserDirectoryPageGrain : IGrainWithStringKey
{
    [Alias("AddAsync")]
    Task AddAsync(IReadOnlyList<string> userIds);

    [Alias("RemoveAsync")]
    Task RemoveAsync(IReadOnlyList<string> userIds);

    /// <summary>The page's user ids, in the order they joined.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<IReadOnlyList<string>> GetAsync();
}
