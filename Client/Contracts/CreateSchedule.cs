namespace Notifications.Client;

/// <summary>A notification to send at every occurrence of a cron expression.</summary>
/// <param name="Cron">Five fields: minute, hour, day of month, month, day of week (e.g. <c>0 9 * * 1-5</c>).</param>
/// <param name="TimeZone">The IANA time zone the expression is read in; UTC by default.</param>
/// <param name="Notification">What each occurrence sends; send_at, send_at_local and expires_at are not allowed here.</param>
public sealed record CreateSchedule(string Cron, SendNotification Notification, string? TimeZone = null);
