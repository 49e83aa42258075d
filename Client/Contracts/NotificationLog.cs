namespace Notifications.Client;

/// <summary>A page of the message log, newest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null when there is nothing further. A page can hold
/// fewer than <c>limit</c> notifications and still have a next one: a search reads a bounded part of the log per request.</param>
public sealed record NotificationLog(IReadOnlyList<NotificationSummary> Items, string? NextCursor);
