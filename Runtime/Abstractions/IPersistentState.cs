namespace Notifications.Runtime;

public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>The version of the stored record this activation last read or wrote; null when there is none.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once the write is durable. Throws <see cref="InconsistentStateException"/> on a stale etag.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
