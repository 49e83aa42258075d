namespace Notifications.Runtime;

internal sealed class PersistentState<TState>(IGrainStorage storage, GrainStateKey key, IGrainStateSerializer serializer, IGrainStateProtector protector)
    : IPersistentState<TState>, IPersistentStateLoader
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await storage.ReadAsync(key, cancellationToken);
        if (record is null)
        {
            State = new();
            Etag = null;
            RecordExists = false;
            return;
        }

        State = serializer.Deserialize<TState>(protector.Unprotect(key, record.Data));
        Etag = record.Etag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var owner = (State as IOwnedGrainState)?.Owner;
        var groupOwners = (State as IGroupOwnedGrainState)?.Owners;
        Etag = await storage.WriteAsync(key, protector.Protect(key, serializer.Serialize(State)), Etag, owner, groupOwners, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearAsync(key, Etag, cancellationToken);
        State = new();
        Etag = null;
        RecordExists = false;
    }
}
