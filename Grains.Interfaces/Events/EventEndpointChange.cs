namespace Notifications.Grains;

/// <summary>What a tenant changes of an event endpoint; what is null stays as it is.</summary>
/// <param name="Types">The event types it receives from now on; an empty list for every event.</param>
/// <param name="RotateSecret">Signs with a new secret from now on, and with the old one too for a day.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.EventEndpointChange")]
public sealed record EventEndpointChange(
    string? Url = null,
    IReadOnlyList<string>? Types = null,
    string? Description = null,
    bool? Enabled = null,
    bool RotateSecret = false);
