namespace Notifications.Client;

/// <param name="Added">Users who were not subscribed before.</param>
/// <param name="Updated">Users already subscribed, whose mode and priority were set again.</param>
public sealed record SubscribeResult(int Added, int Updated);
