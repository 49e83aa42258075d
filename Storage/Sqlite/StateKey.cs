namespace Notifications.Storage;

/// <summary>Where one grain state lives in the SQLite file: the grain's type and key as text, and the state's name.</summary>
internal readonly record struct StateKey(string GrainType, string GrainKey, string StateName)
{
    public static StateKey For(GrainId grainId, string stateName) => new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    public override string ToString() => $"{GrainType}/{GrainKey}#{StateName}";
}
