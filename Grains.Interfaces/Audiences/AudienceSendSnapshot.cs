namespace Notifications.Grains;

/// <summary>How far a send to an audience has gone.</summary>
/// <param name="Scanned">Users read so far.</param>
/// <param name="Notifications">Notifications made for users the filter matched.</param>
/// <param name="Skipped">Matched users found with their notification made already (a page scanned again after a crash).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.AudienceSendSnapshot")]
public sealed record AudienceSendSnapshot(
    string SendId,
    string Filter,
    FanOutStatus Status,
    long Scanned,
    long Notifications,
    long Skipped,
    NotificationRequest Request,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? CompletedAt);
