namespace Notifications.Grains;

/// <summary>
/// Where a notification goes now, in order of preference; or why it goes nowhere; or until when it must wait.
/// </summary>
public sealed record RoutingDecision(
    IReadOnlyList<string> Channels,
    string? Language,
    WebhookEndpoint? Webhook,
    string? SuppressedBecause = null,
    DateTimeOffset? DeferredUntil = null,
    string? DeferredBecause = null)
{
    public static RoutingDecision Suppressed(string because) => new([], null, null, because);

    public static RoutingDecision Deferred(DateTimeOffset until, string because) => new([], null, null, DeferredUntil: until, DeferredBecause: because);
}
