namespace Notifications.Client;

/// <summary>How far a send to an audience has gone.</summary>
/// <param name="Scanned">Users read so far.</param>
/// <param name="Notifications">Notifications made for the users matched; each is read at <c>/v1/audiences/sends/{send}/recipients/{user}</c>.</param>
/// <param name="Skipped">Users matched again after a crash, whose notification had been made already.</param>
public sealed record AudienceSendInfo(
    string Id,
    string Filter,
    FanOutState Status,
    long Scanned,
    long Notifications,
    long Skipped,
    FanOutNotification Notification,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? CompletedAt);
