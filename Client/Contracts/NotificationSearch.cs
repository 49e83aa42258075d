namespace Notifications.Client;

/// <summary>What the message log is searched by; what is left out takes anything. <paramref name="From"/> and <paramref name="To"/> bound the accept time (from inclusive, to exclusive).</summary>
public sealed record NotificationSearch(
    string? UserId = null,
    NotificationState? Status = null,
    string? Channel = null,
    string? Category = null,
    string? Topic = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
