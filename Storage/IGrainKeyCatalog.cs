namespace Notifications.Storage;

/// <summary>
/// The keys of grains that have stored state, a page at a time in ordinal order. No grain or endpoint walks the
/// storage: the directory grains list a tenant's users and topics, and each user's records. This is for bringing a
/// file written before those grains existed up to date (<c>DirectoryBackfill</c>), which only the storage can list.
/// </summary>
public interface IGrainKeyCatalog
{
    /// <param name="grainType">The grain's type name, as in its <c>[GrainType]</c>.</param>
    /// <param name="stateName">The name of the grain's persistent state, as in its <c>[PersistentState]</c>.</param>
    /// <param name="afterKey">The last key of the previous page, or null for the first.</param>
    Task<IReadOnlyList<string>> ListKeysAsync(string grainType, string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken = default);
}
