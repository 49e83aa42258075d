namespace Notifications.Client;

/// <summary>A link to a user's preference centre.</summary>
/// <param name="Url">The page's address: absolute when the service's public address is configured, else its path.</param>
public sealed record PreferenceLinkInfo(string Token, string Url, DateTimeOffset ExpiresAt);
