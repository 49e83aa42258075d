namespace Notifications.Client;

/// <summary>A token for one user's app or browser: their inbox and its live stream, nothing else, until it expires.</summary>
/// <param name="Token">Send as <c>Authorization: Bearer</c>, or as <c>access_token</c> in the query for EventSource.</param>
public sealed record InboxTokenInfo(string Token, DateTimeOffset ExpiresAt);
