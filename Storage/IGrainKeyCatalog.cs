namespace Notifications.Storage;

/// <summary>
/// The keys of grains that have stored state, a page at a time in ordinal order: for walking every grain of a kind
/// (every user of a tenant, say) without activating or holding them all.
/// </summary>
public interface IGrainKeyCatalog
{
    /// <param name="grainType">The grain's type name, as in its <c>[GrainType]</c>.</param>
    /// <param name="stateName">The name of the grain's persistent state, as in its <c>[PersistentState]</c>.</param>
    /// <param name="afterKey">The last key of the previous page, or null for the first.</param>
    Task<IReadOnlyList<string>> ListKeysAsync(string grainType, string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>The keys of grains whose stored <paramref name="stateName"/> names <paramref name="owner"/> (see <see cref="IOwnedGrainState"/>).</summary>
    Task<IReadOnlyList<string>> ListKeysByOwnerAsync(string grainType, string stateName, string owner, string? afterKey, int limit, CancellationToken cancellationToken = default);
}
