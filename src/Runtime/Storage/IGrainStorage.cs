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
    Task<string> WriteAsync(GrainStateKey key, byte[] data, string? etag, CancellationToken cancellationToken);

    Task ClearAsync(GrainStateKey key, string? etag, CancellationToken cancellationToken);

    /// <summary>Answers whether the store can be reached, for readiness checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
