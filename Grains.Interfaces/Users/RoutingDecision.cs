namespace Notifications.Grains;

/// <summary>
/// Where a notification goes now, in order of preference (each later channel a fallback for the one before); or why
/// it goes nowhere; or until when it must wait.
/// </summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RoutingDecision")]
public sealed record RoutingDecision(
    IReadOnlyList<string> Channels,
    string? Language,
    Recipient Recipient,
    string? SuppressedBecause = null,
    DateTimeOffset? DeferredUntil = null,
    string? DeferredBecause = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null)
{
    public static RoutingDecision Suppressed(string because) => new([], null, Recipient.None, because);

    public static RoutingDecision Deferred(DateTimeOffset until, string because) => new([], null, Recipient.None, DeferredUntil: until, DeferredBecause: because);
}
