
namespace Notifications.Grains;

[StatelessWorker(2)]
public sealed class AudienceScanGrain(IGrainKeyCatalog keys) : Grain, IAudienceScanGrain
{
    public const int UsersPerPage = 1_000;

    /// <summary>User grains asked at once: each answer is a keyed read and a filter.</summary>
    private const int ParallelUsers = 64;

    public async Task<AudiencePage> ScanAsync(string tenant, string filter, string? afterKey)
    {
        var prefix = UserKey.For(tenant, "");
        var userKeys = await keys.ListKeysAsync(UserGrain.GrainTypeName, UserGrain.StateName, prefix, afterKey, UsersPerPage);
        var matches = new bool[userKeys.Count];
        await Concurrently.ForEachAsync(userKeys, ParallelUsers, async (key, i) =>
            matches[i] = await GrainFactory.GetGrain<IUserGrain>(key).MatchesAsync(filter));
        return new AudiencePage(
            userKeys.Where((_, i) => matches[i]).Select(k => k[prefix.Length..]).ToArray(),
            userKeys.Count == UsersPerPage ? userKeys[^1] : null,
            userKeys.Count);
    }
}
