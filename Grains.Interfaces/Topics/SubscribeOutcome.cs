namespace Notifications.Grains;

/// <param name="Added">Users who were not subscribed before.</param>
/// <param name="Updated">Users already subscribed, whose channel or priority was set again.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.SubscribeOutcome")]
public sealed record SubscribeOutcome(int Added, int Updated);
