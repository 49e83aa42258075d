using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace Notifications.Storage;

/// <summary>
/// Encrypts every grain state before any backend sees it (SQLite, Redis, Azure tables alike): the state as JSON,
/// sealed with AES-256-GCM bound to its grain id and state name (<see cref="AesGcmStateProtector"/>), so a record
/// copied onto another grain does not decrypt. A wrapper rather than an <see cref="IGrainStorageSerializer"/>,
/// because a serializer is not told which grain a state belongs to. JSON because stored state must outlive the
/// build that wrote it: fields are matched by name, added ones take their defaults, and an operator can read a
/// decrypted record.
/// </summary>
public sealed class EncryptedGrainStorage(IGrainStorage inner, AesGcmStateProtector protector, ILogger<EncryptedGrainStorage>? logger = null) : IGrainStorage
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<ProtectedState>(new ProtectedState());
        await inner.ReadStateAsync(stateName, grainId, stored);
        grainState.RecordExists = stored.RecordExists && stored.State is { Data.Length: > 0 };
        if (!grainState.RecordExists)
        {
            grainState.ETag = stored.ETag;
            grainState.State = Activator.CreateInstance<T>();
            return;
        }

        var data = stored.State!.Data;
        if (protector.NeedsNewKey(data))
        {
            var plaintext = protector.Unprotect(grainId, stateName, data);
            await MoveUnderCurrentKeyAsync(stateName, grainId, stored, plaintext);
            grainState.ETag = stored.ETag;
            grainState.State = JsonSerializer.Deserialize<T>(plaintext, StateJson.Options)!;
            return;
        }

        // Opened before the etag is taken: a state that does not open leaves the grain without the etag to overwrite it.
        var state = protector.Unprotect(grainId, stateName, data, static plaintext => JsonSerializer.Deserialize<T>(plaintext, StateJson.Options)!);
        grainState.ETag = stored.ETag;
        grainState.State = state;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = grainState.State;
        var stored = new GrainState<ProtectedState>(new ProtectedState
        {
            Data = Protect(grainId, stateName, state),
        }, grainState.ETag);
        await inner.WriteStateAsync(stateName, grainId, stored);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    /// <summary>
    /// Seals <paramref name="state"/> as JSON written into a pooled buffer, not into an array of its own: a busy silo
    /// writes thousands of states a second, and that array was the largest single allocation in a profile. The JSON
    /// writer is this thread's, bound to the buffer for this call only (no await comes between).
    /// </summary>
    private byte[] Protect<T>(GrainId grainId, string stateName, T state)
    {
        using var json = new PooledBufferWriter(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(json, new JsonWriterOptions
        {
            Encoder = StateJson.Options.Encoder,
            Indented = StateJson.Options.WriteIndented,
            IndentCharacter = StateJson.Options.IndentCharacter,
            IndentSize = StateJson.Options.IndentSize,
            NewLine = StateJson.Options.NewLine,
            MaxDepth = StateJson.Options.MaxDepth,
            SkipValidation = true,
        });
        writer.Reset(json);
        JsonSerializer.Serialize(writer, state, StateJson.Options);
        return protector.Protect(grainId, stateName, json.WrittenSpan);
    }

    /// <summary>
    /// A state read under a key that was replaced is written back under the current one while its activation holds it
    /// (so no other writer's etag is overtaken): every backend moves what is in use under the new key, and what is
    /// never read again is left for a backend's own pass (the embedded store has one).
    /// </summary>
    private async Task MoveUnderCurrentKeyAsync(string stateName, GrainId grainId, GrainState<ProtectedState> stored, byte[] plaintext)
    {
        var rewritten = new GrainState<ProtectedState>(new ProtectedState { Data = protector.Protect(grainId, stateName, plaintext) }, stored.ETag);
        try
        {
            await inner.WriteStateAsync(stateName, grainId, rewritten);
            stored.ETag = rewritten.ETag;
        }
        catch (Exception exception)
        {
            // The read stands; the state moves at its grain's next write, or next activation. Another writer that got
            // there first (a conflict) wrote under its own key, and its etag makes this grain's next write fail as it
            // would have anyway.
            _logger.LogWarning(exception, "Could not move the state of {GrainId} under the current key while reading it", grainId);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<ProtectedState>(new ProtectedState(), grainState.ETag) { RecordExists = grainState.RecordExists };
        await inner.ClearStateAsync(stateName, grainId, stored);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }
}
