namespace Notifications.Runtime;

/// <summary>
/// The keys of grains that have stored state, a page at a time in ordinal order: for walking every grain of a kind
/// (every user of a tenant, say) without activating or holding them all.
/// </summary>
public interface IGrainKeyCatalog
{
    /// <param name="stateName">The name of the grain's persistent state, as in its <see cref="PersistentStateAttribute"/>.</param>
    /// <param name="afterKey">The last key of the previous page, or null for the first.</param>
    Task<IReadOnlyList<string>> ListKeysAsync<TGrainInterface>(string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>The keys of grains whose stored <paramref name="stateName"/> names <paramref name="owner"/> (see <see cref="IOwnedGrainState"/>).</summary>
    Task<IReadOnlyList<string>> ListKeysByOwnerAsync<TGrainInterface>(string stateName, string owner, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TGrainInterface : IGrainWithStringKey;
}
