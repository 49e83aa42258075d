namespace Notifications.Runtime;

/// <summary>A grain's identity: its type name and its key, written <c>type/key</c>.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
