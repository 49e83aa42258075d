
namespace Notifications.Grains;

[StatelessWorker(2)]
public sealed class AudienceScanGrain : Grain, IAudienceScanGrain
{
    /// <summary>User grains asked at once: each answer is a keyed read and a filter.</summary>
    private const int ParallelUsers = 64;

    public async Task<AudiencePage> ScanAsync(string tenant, string filter, int page)
    {
        var pages = await GrainFactory.GetGrain<IUserDirectoryGrain>(tenant).PagesAsync();
        var userIds = page < pages ? await GrainFactory.GetGrain<IUserDirectoryPageGrain>(DirectoryKey.UserPage(tenant, page)).GetAsync() : [];
        var matches = new bool[userIds.Count];
        await Concurrently.ForEachAsync(userIds, ParallelUsers, async (userId, i) =>
            matches[i] = await GrainFactory.GetGrain<IUserGrain>(UserKey.For(tenant, userId)).MatchesAsync(filter, page));
        return new AudiencePage(userIds.Where((_, i) => matches[i]).ToArray(), page, page + 1 < pages ? page + 1 : null, userIds.Count);
    }
}
