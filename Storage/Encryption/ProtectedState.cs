namespace Notifications.Storage;

/// <summary>What a backend stores for a grain state: its encrypted bytes.</summary>
[GenerateSerializer, Alias("Notifications.Storage.ProtectedState")]
public sealed class ProtectedState
{
    [Id(0)]
    public byte[] Data { get; set; } = [];
}
