namespace Notifications.Client;

/// <summary>A change to an event endpoint: what is left out stays as it is.</summary>
/// <param name="Types">The event types it receives from now on; an empty list for every event.</param>
/// <param name="Enabled">False stops sending (events are still logged for it); true sends again, from where it stopped,
/// and tries at once what waited for a retry.</param>
/// <param name="RotateSecret">Signs with a new secret, shown only in this answer; the old one signs too for a day.</param>
public sealed record UpdateEventEndpoint(string? Url = null, IReadOnlyList<string>? Types = null, string? Description = null, bool? Enabled = null, bool RotateSecret = false);
