namespace Notifications.Runtime;

/// <summary>Stores grain state as opaque bytes under optimistic concurrency.</summary>
public interface IGrainStorage
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<GrainStateRecord?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Completes with the new etag once the write is durable; throws <see cref="InconsistentStateException"/> when
    /// <paramref name="etag"/> is not the stored one (null means: no record may exist).
    /// </summary>
    /// <param name="owner">Whom the state is about (see <see cref="IOwnedGrainState"/>), stored beside it.</param>
    /// <param name="groupOwners">The many whom the state is about (see <see cref="IGroupOwnedGrainState"/>); null leaves those stored as they are.</param>
    Task<string> WriteAsync(GrainStateKey key, byte[] data, string? etag, string? owner, IReadOnlyCollection<string>? groupOwners, CancellationToken cancellationToken);

    Task ClearAsync(GrainStateKey key, string? etag, CancellationToken cancellationToken);

    /// <summary>
    /// The keys of grains of <paramref name="grainType"/> that have a stored <paramref name="stateName"/>, starting
    /// with <paramref name="keyPrefix"/>, after <paramref name="afterKey"/> in ordinal order: a page of at most
    /// <paramref name="limit"/>, for walking every stored grain of a kind without holding them all.
    /// </summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string grainType, string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken);

    /// <summary>The keys of grains whose stored state names <paramref name="owner"/>, alone or among others, a page at a time in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListKeysByOwnerAsync(string grainType, string stateName, string owner, string? afterKey, int limit, CancellationToken cancellationToken);

    /// <summary>Answers whether the store can be reached, for readiness checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
