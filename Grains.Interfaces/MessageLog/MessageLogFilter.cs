namespace Notifications.Grains;

/// <summary>What the message log is searched by; what is null takes anything. <paramref name="From"/> and <paramref name="To"/> bound the accept time (from inclusive, to exclusive).</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MessageLogFilter")]
public sealed record MessageLogFilter(
    string? UserId = null,
    NotificationStatus? Status = null,
    string? Channel = null,
    string? Category = null,
    string? Topic = null,
    string? FanOutId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    public bool Matches(MessageLogRow row) =>
        (UserId is null || row.UserId == UserId)
        && (Status is null || row.Status == Status)
        && (Channel is null || row.Channel == Channel)
        && (Category is null || row.Category == Category)
        && (Topic is null || row.Topic == Topic)
        && (FanOutId is null || row.FanOutId == FanOutId)
        && (From is null || row.AcceptedAt >= From)
        && (To is null || row.AcceptedAt < To);
}
