namespace Notifications.Client;

/// <summary>An endpoint of the tenant's own application that receives events about its notifications.</summary>
/// <param name="Url">Where events are POSTed (https), signed per Standard Webhooks.</param>
/// <param name="Types">The event types it receives (<c>notification.delivered</c>...), or families (<c>notification.*</c>,
/// <c>engagement.*</c>, <c>alert.*</c>); every event when left out.</param>
/// <param name="Secret">A <c>whsec_</c> secret to sign with; one is made when it is not given. Shown only in the answer to this request.</param>
public sealed record CreateEventEndpoint(string Url, IReadOnlyList<string>? Types = null, string? Description = null, string? Secret = null);
