namespace Notifications.Client;

/// <summary>Creates a user or changes the fields given; a null field stays as it is.</summary>
/// <param name="Webhook">The user's webhook endpoint; a URL of "" removes it.</param>
/// <param name="TimeZone">An IANA time zone such as <c>Europe/Berlin</c>, for local send times; "" removes it.</param>
public sealed record UpdateUser(string? Language = null, WebhookSettings? Webhook = null, string? TimeZone = null);
