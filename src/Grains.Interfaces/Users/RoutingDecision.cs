namespace Notifications.Grains;

/// <summary>Which channels a notification goes to, in order of preference, or why it goes nowhere.</summary>
public sealed record RoutingDecision(IReadOnlyList<string> Channels, string? Language, WebhookEndpoint? Webhook, string? SuppressedBecause)
{
    public static RoutingDecision Suppressed(string because) => new([], null, null, because);
}
