using System.Text.Json;
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
public sealed class EncryptedGrainStorage(IGrainStorage inner, AesGcmStateProtector protector) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<ProtectedState>(new ProtectedState());
        await inner.ReadStateAsync(stateName, grainId, stored);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.RecordExists && stored.State is { Data.Length: > 0 };
        grainState.State = grainState.RecordExists
            ? JsonSerializer.Deserialize<T>(protector.Unprotect(grainId, stateName, stored.State!.Data), StateJson.Options)!
            : Activator.CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = grainState.State;
        var stored = new GrainState<ProtectedState>(new ProtectedState
        {
            Data = protector.Protect(grainId, stateName, JsonSerializer.SerializeToUtf8Bytes(state, StateJson.Options)),
        }, grainState.ETag);
        await inner.WriteStateAsync(stateName, grainId, stored);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
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
