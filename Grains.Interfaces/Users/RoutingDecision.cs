namespace Notifications.Grains;

/// <summary>
/// Where a notification goes now, in order of preference (each later channel a fallback for the one before); or why
/// it goes nowhere; or until when it must wait.
/// </summary>
/// <param name="DirectoryPage">The page of the tenant's directory the user is listed on, if they exist: a batch delivered
/// to them is logged there (see <c>FanOutLog</c>) rather than among their own records.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RoutingDecision")]
public sealed record RoutingDecision(
    IReadOnlyList<string> Channels,
    string? Language,
    Recipient Recipient,
    string? SuppressedBecause = null,
    DateTimeOffset? DeferredUntil = null,
    string? DeferredBecause = null,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Attributes = null,
    int? DirectoryPage = null)
{
    public static RoutingDecision Suppressed(string because) => new([], null, Recipient.None, because);

    public static RoutingDecision Deferred(DateTimeOffset until, string because) => new([], null, Recipient.None, DeferredUntil: until, DeferredBecause: because);
}
