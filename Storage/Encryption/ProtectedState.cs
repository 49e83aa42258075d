namespace Notifications.Storage;

/// <summary>
/// What a backend stores for a grain state: its encrypted bytes, and whom the state is about, for the owner index
/// of a store that keeps one (SQLite's).
/// </summary>
[GenerateSerializer, Alias("Notifications.Storage.ProtectedState")]
public sealed class ProtectedState
{
    [Id(0)]
    public byte[] Data { get; set; } = [];

    [Id(1)]
    public string? Owner { get; set; }

    /// <summary>Null leaves the owners stored beside the state as they are; empty removes them.</summary>
    [Id(2)]
    public string[]? GroupOwners { get; set; }
}
